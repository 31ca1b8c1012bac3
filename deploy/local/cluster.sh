#!/usr/bin/env bash
# A local twin cluster: N production nodes (twin-cluster.jar) as separate JVMs on 127.0.0.1 ... 127.0.0.N,
# one Mosquitto and one Cassandra 5.0 (a forked JVM) on 127.0.0.1. docs/operations.md describes it.
#
#   deploy/local/cluster.sh up [N]          start N nodes (default 3); returns when every node is ready and prints
#                                           "node <i> http=<url> management=<url> pid=<pid>" per node,
#                                           "mqtt=tcp://127.0.0.1:<port> pid=<pid>" and "cassandra=127.0.0.1:<port> pid=<launcher pid>"
#   deploy/local/cluster.sh start-node I    start node I again (after it stopped or was killed), as up did; prints its line
#   deploy/local/cluster.sh start-broker    start Mosquitto again on its port, with its persisted sessions; prints its line
#   deploy/local/cluster.sh start-cassandra start Cassandra again on its port, with its data; prints its line
#   deploy/local/cluster.sh down            stop what was started, by PID (nodes first, with SIGTERM), keeping the data
#
# Stop one part by the pid its line gives (SIGTERM or SIGKILL; Cassandra's pid is its launcher's, whose SIGTERM stops it).
# Build first: ./mvnw -B -q package -DskipTests
# Environment: CLUSTER_DIR (state, data and logs; default target/local-cluster), CLUSTER_HTTP_PORT (18080),
# CLUSTER_MANAGEMENT_PORT (18558), CLUSTER_ARTERY_PORT (25520), CLUSTER_MQTT_PORT (18830), CLUSTER_NODE_HEAP (512m),
# CLUSTER_CASSANDRA_HEAP_MB (768), CLUSTER_CQL_PORT (0: a free one), CLUSTER_CASSANDRA_CONTACT_POINTS (what the nodes
# connect to; default Cassandra itself, e.g. a proxy in front of it); every node setting of docs/configuration.md passes
# through. Defaults that differ from a node's: API_AUTH_MODE=open, SBR_STABLE_AFTER=3s, SBR_DOWN_REMOVAL_MARGIN=2s (a crashed
# node's twins answer again within 15 s), MQTT_SHARED_SUBSCRIPTION=false (every node takes every message on a plain
# persistent subscription, which Mosquitto 2.0 keeps over its restart; it forgets shared ones: docs/reliability.md).
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
  sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//' >&2
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

# The settings up chose, for the start-* commands: name=value lines.
state="$dir/cluster.state"
setting() { sed -n "s/^$1=//p" "$state"; }

start_cassandra() {
  local port="$1"
  say "starting Cassandra 5.0 (port $port; 0 takes a free one; data in $dir/cassandra)"
  java -jar "$peers_jar" cassandra --data "$dir/cassandra" --port "$port" --heap-mb "${CLUSTER_CASSANDRA_HEAP_MB:-768}" >"$dir/cassandra.out" 2>&1 &
  local launcher=$!
  record cassandra-launcher "$launcher"
  wait_for 180 "$dir/cassandra.out" "$launcher" grep -q '^cassandra cql=' "$dir/cassandra.out"
  record cassandra "$(sed -n 's/^cassandra cql=[^ ]* pid=\([0-9]*\)$/\1/p' "$dir/cassandra.out")"
  cql="$(sed -n 's/^cassandra cql=\([^ ]*\) pid=.*/\1/p' "$dir/cassandra.out")"
  cassandra_line="cassandra=$cql pid=$launcher"
}

start_broker() {
  say "starting Mosquitto on 127.0.0.1:$mqtt_port"
  "$mosquitto" -c "$dir/mosquitto/mosquitto.conf" >>"$dir/mosquitto/mosquitto.out" 2>&1 &
  local pid=$!
  record mosquitto "$pid"
  wait_for 10 "$dir/mosquitto/mosquitto.out" "$pid" accepting 127.0.0.1 "$mqtt_port"
  broker_line="mqtt=tcp://127.0.0.1:$mqtt_port pid=$pid"
}

# Starts node $1 of $2 in the background; its pid in node_pid.
launch_node() {
  local i="$1" nodes="$2" endpoints="" n
  for ((n = 1; n <= nodes; n++)); do
    endpoints+="${endpoints:+,}127.0.0.$n:$management_port"
  done
  say "starting node $i on 127.0.0.$i"
  PEKKO_HOSTNAME="127.0.0.$i" PEKKO_PORT="$artery_port" \
    MANAGEMENT_HOSTNAME="127.0.0.$i" MANAGEMENT_PORT="$management_port" \
    HTTP_INTERFACE="127.0.0.$i" HTTP_PORT="$http_port" \
    CLUSTER_DISCOVERY=config CLUSTER_BOOTSTRAP_ENDPOINTS="$endpoints" CLUSTER_REQUIRED_CONTACT_POINTS="$nodes" \
    CASSANDRA_CONTACT_POINTS="$(setting contact-points)" MQTT_URL="tcp://127.0.0.1:$mqtt_port" MQTT_CLIENT_ID_PREFIX="node-$i" \
    API_AUTH_MODE="${API_AUTH_MODE:-open}" SBR_STABLE_AFTER="${SBR_STABLE_AFTER:-3s}" SBR_DOWN_REMOVAL_MARGIN="${SBR_DOWN_REMOVAL_MARGIN:-2s}" \
    MQTT_SHARED_SUBSCRIPTION="${MQTT_SHARED_SUBSCRIPTION:-false}" MQTT_CONNECTIONS_PER_CHANNEL="${MQTT_CONNECTIONS_PER_CHANNEL:-1}" \
    LOG_FORMAT="${LOG_FORMAT:-json}" \
    java "-Xmx${CLUSTER_NODE_HEAP:-512m}" -jar "$node_jar" >>"$dir/node-$i.log" 2>&1 &
  node_pid=$!
  record "node-$i" "$node_pid"
}

node_line() {
  printf 'node %d http=http://127.0.0.%d:%s management=http://127.0.0.%d:%s pid=%s\n' "$1" "$1" "$http_port" "$1" "$management_port" "$2"
}

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

  start_cassandra "${CLUSTER_CQL_PORT:-0}"
  printf 'nodes=%s\ncql=%s\ncontact-points=%s\n' "$nodes" "$cql" "${CLUSTER_CASSANDRA_CONTACT_POINTS:-$cql}" >"$state"

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
  start_broker

  local node_pids=() i
  for ((i = 1; i <= nodes; i++)); do
    launch_node "$i" "$nodes"
    node_pids+=("$node_pid")
  done
  for ((i = 1; i <= nodes; i++)); do
    wait_for 180 "$dir/node-$i.log" "${node_pids[$((i - 1))]}" ready "http://127.0.0.$i:$management_port"
  done
  trap - ERR
  for ((i = 1; i <= nodes; i++)); do
    node_line "$i" "${node_pids[$((i - 1))]}"
  done
  printf '%s\n%s\n' "$broker_line" "$cassandra_line"
}

# The start-* commands need the cluster that up recorded.
recorded() {
  [[ -f "$state" && -f "$pids" ]] || fail "no cluster recorded in $dir: run 'deploy/local/cluster.sh up' first"
}

start_node() {
  recorded
  local i="$1" nodes
  nodes="$(setting nodes)"
  if ! [[ "$i" =~ ^[1-9][0-9]?$ ]] || ((i > nodes)); then
    fail "start-node: expected a node number from 1 to $nodes, was \"$i\""
  fi
  while read -r name pid; do
    [[ "$name" == "node-$i" ]] && alive "$pid" && fail "node $i is running (pid $pid)"
  done <"$pids"
  launch_node "$i" "$nodes"
  wait_for 180 "$dir/node-$i.log" "$node_pid" ready "http://127.0.0.$i:$management_port"
  node_line "$i" "$node_pid"
}

running() {
  while read -r name pid; do
    [[ "$name" == "$1" ]] && alive "$pid" && fail "$1 is running (pid $pid)"
  done <"$pids"
  return 0
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
  start-node)
    [[ $# -eq 2 ]] || fail "start-node takes one argument, the node's number"
    start_node "$2"
    ;;
  start-broker)
    [[ $# -eq 1 ]] || fail "start-broker takes no argument"
    recorded && running mosquitto
    start_broker
    printf '%s\n' "$broker_line"
    ;;
  start-cassandra)
    [[ $# -eq 1 ]] || fail "start-cassandra takes no argument"
    recorded && running cassandra-launcher
    start_cassandra "$(setting cql | sed 's/.*://')"
    printf '%s\n' "$cassandra_line"
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
