#!/usr/bin/env bash
# A local twin cluster: N production nodes (twin-cluster.jar) as separate JVMs on 127.0.0.1 ... 127.0.0.N,
# one Mosquitto and one Cassandra 5.0 (a forked JVM) on 127.0.0.1. docs/operations.md describes it.
#
#   deploy/local/cluster.sh up [N]   start N nodes (default 3); returns when every node is ready and prints
#                                    "node <i> http=<url> management=<url> pid=<pid>" per node and "mqtt=tcp://127.0.0.1:<port>"
#   deploy/local/cluster.sh down     stop what up started, by PID (nodes first, with SIGTERM), keeping the data
#
# Build first: ./mvnw -B -q package -DskipTests
# Environment: CLUSTER_DIR (state, data and logs; default target/local-cluster), CLUSTER_HTTP_PORT (18080),
# CLUSTER_MANAGEMENT_PORT (18558), CLUSTER_ARTERY_PORT (25520), CLUSTER_MQTT_PORT (18830), CLUSTER_NODE_HEAP (512m),
# CLUSTER_CASSANDRA_HEAP_MB (768); every node setting of docs/configuration.md passes through (API_AUTH_MODE defaults
# to open, SBR_STABLE_AFTER to 5s).
set -Eeuo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${CLUSTER_DIR:-$root/target/local-cluster}"
pids="$dir/cluster.pids"
node_jar="$root/twin-cluster/target/twin-cluster.jar"
peers_jar="$root/local-peers/target/local-peers.jar"
http_port="${CLUSTER_HTTP_PORT:-18080}"
management_port="${CLUSTER_MANAGEMENT_PORT:-18558}"
artery_port="${CLUSTER_ARTERY_PORT:-25520}"
mqtt_port="${CLUSTER_MQTT_PORT:-18830}"
mosquitto="${MOSQUITTO:-/usr/sbin/mosquitto}"

say() { printf '%s\n' "$*" >&2; }
fail() { say "cluster.sh: $*"; exit 1; }

usage() {
  sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//' >&2
}

alive() { kill -0 "$1" 2>/dev/null; }

accepting() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# Waits up to $1 seconds for the command after it to succeed; fails with the log named by $2 if the process $3 ends first.
wait_for() {
  local seconds="$1" log="$2" pid="$3"
  shift 3
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    if ! alive "$pid"; then
      say "process $pid ended while starting; the end of $log:"
      tail -n 30 "$log" >&2 || true
      return 1
    fi
    if ((SECONDS >= deadline)); then
      say "not ready within $seconds s; the end of $log:"
      tail -n 30 "$log" >&2 || true
      return 1
    fi
    sleep 0.5 # polling a process that gives no other sign it is ready
  done
}

ready() { curl -fs -o /dev/null --max-time 2 "$1/ready"; }

record() { printf '%s %s\n' "$1" "$2" >>"$pids"; }

up() {
  local nodes="${1:-3}"
  [[ "$nodes" =~ ^[1-9][0-9]?$ ]] || fail "up: expected a number of nodes from 1 to 99, was \"$nodes\""
  [[ -f "$node_jar" && -f "$peers_jar" ]] || fail "the jars are not built: run ./mvnw -B -q package -DskipTests first (looked for $node_jar and $peers_jar)"
  [[ -x "$mosquitto" ]] || fail "$mosquitto not found: install Debian's mosquitto package (apt-get install mosquitto)"
  if [[ -f "$pids" ]]; then
    while read -r _ pid; do
      alive "$pid" && fail "a cluster from $dir is still running (pid $pid): run 'deploy/local/cluster.sh down' first"
    done <"$pids"
    rm -f "$pids"
  fi
  mkdir -p "$dir/mosquitto"
  trap 'say "up failed: stopping what it started"; down' ERR

  say "starting Cassandra 5.0 (data in $dir/cassandra)"
  java -jar "$peers_jar" cassandra --data "$dir/cassandra" --heap-mb "${CLUSTER_CASSANDRA_HEAP_MB:-768}" >"$dir/cassandra.out" 2>&1 &
  record cassandra-launcher $!
  local launcher=$!
  wait_for 120 "$dir/cassandra.out" "$launcher" grep -q '^cassandra cql=' "$dir/cassandra.out"
  local cql cassandra_pid
  cql="$(sed -n 's/^cassandra cql=\([^ ]*\) pid=.*/\1/p' "$dir/cassandra.out")"
  cassandra_pid="$(sed -n 's/^cassandra cql=[^ ]* pid=\([0-9]*\)$/\1/p' "$dir/cassandra.out")"
  record cassandra "$cassandra_pid"

  say "starting Mosquitto on 127.0.0.1:$mqtt_port"
  cat >"$dir/mosquitto/mosquitto.conf" <<CONF
listener $mqtt_port 127.0.0.1
allow_anonymous true
user $(id -un)
persistence true
persistence_location $dir/mosquitto/
max_queued_messages 1000000
log_dest file $dir/mosquitto/mosquitto.log
log_type error
log_type warning
log_type notice
CONF
  "$mosquitto" -c "$dir/mosquitto/mosquitto.conf" >"$dir/mosquitto/mosquitto.out" 2>&1 &
  record mosquitto $!
  wait_for 10 "$dir/mosquitto/mosquitto.out" $! accepting 127.0.0.1 "$mqtt_port"

  local endpoints="" i
  for ((i = 1; i <= nodes; i++)); do
    endpoints+="${endpoints:+,}127.0.0.$i:$management_port"
  done
  local node_pids=()
  for ((i = 1; i <= nodes; i++)); do
    say "starting node $i on 127.0.0.$i"
    PEKKO_HOSTNAME="127.0.0.$i" PEKKO_PORT="$artery_port" \
      MANAGEMENT_HOSTNAME="127.0.0.$i" MANAGEMENT_PORT="$management_port" \
      HTTP_INTERFACE="127.0.0.$i" HTTP_PORT="$http_port" \
      CLUSTER_DISCOVERY=config CLUSTER_BOOTSTRAP_ENDPOINTS="$endpoints" CLUSTER_REQUIRED_CONTACT_POINTS="$nodes" \
      CASSANDRA_CONTACT_POINTS="$cql" MQTT_URL="tcp://127.0.0.1:$mqtt_port" MQTT_CLIENT_ID_PREFIX="node-$i" \
      API_AUTH_MODE="${API_AUTH_MODE:-open}" SBR_STABLE_AFTER="${SBR_STABLE_AFTER:-5s}" LOG_FORMAT="${LOG_FORMAT:-json}" \
      java "-Xmx${CLUSTER_NODE_HEAP:-512m}" -jar "$node_jar" >"$dir/node-$i.log" 2>&1 &
    node_pids+=($!)
    record "node-$i" $!
  done
  for ((i = 1; i <= nodes; i++)); do
    wait_for 180 "$dir/node-$i.log" "${node_pids[$((i - 1))]}" ready "http://127.0.0.$i:$management_port"
  done
  trap - ERR
  for ((i = 1; i <= nodes; i++)); do
    printf 'node %d http=http://127.0.0.%d:%s management=http://127.0.0.%d:%s pid=%s\n' "$i" "$i" "$http_port" "$i" "$management_port" \
      "${node_pids[$((i - 1))]}"
  done
  printf 'mqtt=tcp://127.0.0.1:%s\n' "$mqtt_port"
}

# SIGTERM, then up to $2 seconds for the process to end, then SIGKILL.
stop() {
  local pid="$1" seconds="$2" deadline
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + seconds))
  while alive "$pid" && ((SECONDS < deadline)); do
    sleep 0.2 # waiting for a process we signalled to end
  done
  if alive "$pid"; then
    say "pid $pid did not stop within $seconds s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

down() {
  [[ -f "$pids" ]] || { say "no cluster recorded in $dir"; return 0; }
  local name pid
  # Nodes first and together (each drains its ingest, hands its shards off and leaves), then the broker, then Cassandra.
  while read -r name pid; do
    [[ "$name" == node-* ]] && alive "$pid" && kill -TERM "$pid" 2>/dev/null
  done <"$pids"
  while read -r name pid; do
    [[ "$name" == node-* ]] && stop "$pid" 60
  done <"$pids"
  while read -r name pid; do
    [[ "$name" == mosquitto ]] && stop "$pid" 10
  done <"$pids"
  while read -r name pid; do
    [[ "$name" == cassandra-launcher ]] && stop "$pid" 60 # its shutdown hook stops Cassandra
  done <"$pids"
  while read -r name pid; do
    [[ "$name" == cassandra ]] && stop "$pid" 30
  done <"$pids"
  rm -f "$pids"
  say "stopped; data and logs stay in $dir"
}

case "${1:-}" in
  up)
    [[ $# -le 2 ]] || fail "up takes at most one argument, the number of nodes"
    up "${2:-3}"
    ;;
  down)
    [[ $# -eq 1 ]] || fail "down takes no argument"
    down
    ;;
  -h | --help)
    usage
    ;;
  *)
    usage
    [[ -z "${1:-}" ]] || say "cluster.sh: unknown command \"$1\""
    exit 2
    ;;
esac
