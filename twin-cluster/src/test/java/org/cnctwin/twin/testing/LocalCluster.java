package org.cnctwin.twin.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cnctwin.local.LoopbackPorts;

/**
 * The local cluster of {@code deploy/local/cluster.sh} (separate node JVMs on 127.0.0.1-N, one
 * Mosquitto, one Cassandra 5.0), driven from a test: started on free ports in a folder of the
 * test's, its parts stopped by PID (SIGTERM or SIGKILL) and started again by the script, and
 * everything stopped at {@link #close()}.
 */
public final class LocalCluster implements AutoCloseable {

    /** One node as the script printed it. */
    public record Node(int number, String httpUrl, String managementUrl, long pid) {}

    private static final Pattern NODE_LINE = Pattern.compile("node (\\d+) http=(\\S+) management=(\\S+) pid=(\\d+)");
    private static final Pattern BROKER_LINE = Pattern.compile("mqtt=(tcp://127\\.0\\.0\\.1:\\d+) pid=(\\d+)");
    private static final Pattern CASSANDRA_LINE = Pattern.compile("cassandra=(127\\.0\\.0\\.1:\\d+) pid=(\\d+)");
    private static final Duration STOP_WITHIN = Duration.ofSeconds(120);

    private final Path folder;
    private final Map<String, String> environment;
    private final Node[] nodes;
    private String mqttUrl;
    private long brokerPid;
    private String cassandraContactPoint;
    private long cassandraPid;

    private LocalCluster(Path folder, Map<String, String> environment, int nodeCount) {
        this.folder = folder;
        this.environment = environment;
        this.nodes = new Node[nodeCount];
    }

    /**
     * {@code cluster.sh up nodes} in {@code folder}, on free ports, with {@code settings} added to
     * the environment (node settings of docs/configuration.md, or the script's own).
     */
    public static LocalCluster up(Path folder, int nodeCount, Map<String, String> settings) throws Exception {
        Map<String, String> environment = new HashMap<>(Map.of("CLUSTER_DIR", folder.toString(),
                "CLUSTER_HTTP_PORT", Integer.toString(LoopbackPorts.free()), "CLUSTER_MANAGEMENT_PORT", Integer.toString(LoopbackPorts.free()),
                "CLUSTER_ARTERY_PORT", Integer.toString(LoopbackPorts.free()), "CLUSTER_MQTT_PORT", Integer.toString(LoopbackPorts.free()),
                "CLUSTER_NODE_HEAP", "384m", "CLUSTER_CASSANDRA_HEAP_MB", "512"));
        environment.putAll(settings);
        LocalCluster cluster = new LocalCluster(folder, environment, nodeCount);
        List<String> lines = cluster.script(Duration.ofMinutes(6), "up", Integer.toString(nodeCount));
        if (lines.size() != nodeCount + 2) {
            throw new IllegalStateException("cluster.sh up printed " + lines);
        }
        for (String line : lines.subList(0, nodeCount)) {
            cluster.nodeStarted(line);
        }
        cluster.brokerStarted(lines.get(nodeCount));
        cluster.cassandraStarted(lines.get(nodeCount + 1));
        return cluster;
    }

    public int size() {
        return nodes.length;
    }

    /** Node {@code number} (1 to {@link #size()}) as last started. */
    public Node node(int number) {
        return nodes[number - 1];
    }

    public List<Node> nodes() {
        return List.of(nodes);
    }

    public String mqttUrl() {
        return mqttUrl;
    }

    public String cassandraContactPoint() {
        return cassandraContactPoint;
    }

    /** The Artery (cluster) port, the same on every node's address. */
    public int arteryPort() {
        return Integer.parseInt(environment.get("CLUSTER_ARTERY_PORT"));
    }

    public Path log(int number) {
        return folder.resolve("node-" + number + ".log");
    }

    /** SIGKILL, as a crash: the node gets no chance to drain or leave. */
    public void kill(int number) throws Exception {
        stop(node(number).pid(), true);
    }

    /** SIGTERM, as Kubernetes sends it; returns when the JVM has ended. */
    public void terminate(int number) throws Exception {
        stop(node(number).pid(), false);
    }

    /** Waits for a node that ended on its own (downed, it exits) to be gone. */
    public void awaitExit(int number, Duration within) throws Exception {
        ProcessHandle.of(node(number).pid()).ifPresent(process -> process.onExit().orTimeout(within.toMillis(), TimeUnit.MILLISECONDS).join());
    }

    public boolean alive(int number) {
        return ProcessHandle.of(node(number).pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Starts node {@code number} again as {@code up} did; returns when it is ready. */
    public Node start(int number) throws Exception {
        return nodeStarted(script(Duration.ofMinutes(4), "start-node", Integer.toString(number)).get(0));
    }

    public void stopBroker() throws Exception {
        stop(brokerPid, false);
    }

    public void startBroker() throws Exception {
        brokerStarted(script(Duration.ofMinutes(1), "start-broker").get(0));
    }

    /** Stops Cassandra (SIGTERM to its launcher, which stops it) and waits for it to end. */
    public void stopCassandra() throws Exception {
        stop(cassandraPid, false);
    }

    public void startCassandra() throws Exception {
        cassandraStarted(script(Duration.ofMinutes(4), "start-cassandra").get(0));
    }

    @Override
    public void close() throws Exception {
        script(Duration.ofMinutes(4), "down");
        for (Node node : nodes) {
            if (node != null && ProcessHandle.of(node.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                throw new IllegalStateException("node " + node.number() + " (pid " + node.pid() + ") still runs after cluster.sh down");
            }
        }
    }

    private Node nodeStarted(String line) {
        Matcher matcher = matching(NODE_LINE, line);
        Node node = new Node(Integer.parseInt(matcher.group(1)), matcher.group(2), matcher.group(3), Long.parseLong(matcher.group(4)));
        nodes[node.number() - 1] = node;
        return node;
    }

    private void brokerStarted(String line) {
        Matcher matcher = matching(BROKER_LINE, line);
        mqttUrl = matcher.group(1);
        brokerPid = Long.parseLong(matcher.group(2));
    }

    private void cassandraStarted(String line) {
        Matcher matcher = matching(CASSANDRA_LINE, line);
        cassandraContactPoint = matcher.group(1);
        cassandraPid = Long.parseLong(matcher.group(2));
    }

    private static Matcher matching(Pattern pattern, String line) {
        Matcher matcher = pattern.matcher(line);
        if (!matcher.matches()) {
            throw new IllegalStateException("cluster.sh printed \"" + line + "\", expected " + pattern);
        }
        return matcher;
    }

    private static void stop(long pid, boolean kill) throws Exception {
        ProcessHandle process = ProcessHandle.of(pid).orElse(null);
        if (process == null) {
            return;
        }
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        process.onExit().get(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS);
    }

    /** Runs the script; its lines on standard output, or a failure with what it said on standard error. */
    private List<String> script(Duration within, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", Path.of("../deploy/local/cluster.sh").toAbsolutePath().toString()));
        command.addAll(List.of(arguments));
        Path errors = folder.resolve("script.err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(errors.toFile()));
        builder.environment().putAll(environment);
        Process script = builder.start();
        String out = new String(script.getInputStream().readAllBytes());
        if (!script.waitFor(within.toSeconds(), TimeUnit.SECONDS)) {
            script.destroyForcibly();
            throw new IllegalStateException("cluster.sh " + String.join(" ", arguments) + " did not end within " + within);
        }
        if (script.exitValue() != 0) {
            throw new IllegalStateException("cluster.sh " + String.join(" ", arguments) + " exited with " + script.exitValue() + ": " + out
                    + readOrEmpty(errors));
        }
        return out.lines().toList();
    }

    private static String readOrEmpty(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
