package org.cnctwin.twin.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.cnctwin.local.LoopbackPorts;
import org.cnctwin.twin.testing.LocalCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster under faults (docs/reliability.md): three production nodes as separate JVMs with a
 * real Mosquitto and a real Cassandra 5.0 ({@code deploy/local/cluster.sh}, Cassandra behind a
 * {@link LatencyProxy}), machines publishing QoS 1 throughout, and one fault per scenario. After
 * each, every sample the broker acknowledged must be in its twin's journal, and no twin's journal
 * may show two writers at once. Each scenario prints its row of docs/reliability.md's table and
 * appends it to {@code target/reliability.md}.
 *
 * <p>Short by default (CI); {@code -Dreliability.machines=60 -Dreliability.steady-seconds=300}
 * makes it the soak of docs/reliability.md, {@code -Dreliability.shared-subscription=true} runs the
 * ingest on shared subscriptions.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReliabilityIT {

    static final int NODES = 3;
    static final int MACHINES = Integer.getInteger("reliability.machines", 12);
    /** Load before and after each fault. */
    static final Duration STEADY = Duration.ofSeconds(Long.getLong("reliability.steady-seconds", 15));
    /** What kill -9 promises: every twin answers again within this. */
    static final Duration TWINS_BACK_WITHIN = Duration.ofSeconds(15);
    static final Duration CASSANDRA_OUTAGE = Duration.ofSeconds(30);
    static final Duration SLOW_CASSANDRA_DELAY = Duration.ofMillis(Long.getLong("reliability.slow-cassandra-ms", 50));
    /** The ingest on shared subscriptions ({@code $share/...}) instead of the local cluster's plain ones: how the findings of docs/reliability.md were made. */
    static final boolean SHARED_SUBSCRIPTION = Boolean.getBoolean("reliability.shared-subscription");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    static final Path REPORT = Path.of("target/reliability.md");

    @TempDir
    static Path folder;
    static LatencyProxy cassandraProxy;
    static LocalCluster cluster;
    static JournalAudit audit;

    @BeforeAll
    static void up() throws Exception {
        int cqlPort = LoopbackPorts.free();
        int proxyPort = LoopbackPorts.free();
        cassandraProxy = LatencyProxy.start(proxyPort, cqlPort);
        cluster = LocalCluster.up(folder, NODES, Map.of("CLUSTER_CQL_PORT", Integer.toString(cqlPort),
                "CLUSTER_CASSANDRA_CONTACT_POINTS", "127.0.0.1:" + proxyPort, "MQTT_SHARED_SUBSCRIPTION", Boolean.toString(SHARED_SUBSCRIPTION),
                "MQTT_CONNECTIONS_PER_CHANNEL", SHARED_SUBSCRIPTION ? "2" : "1"));
        audit = new JournalAudit(cluster.cassandraContactPoint());
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, "| scenario | load | what was done | acknowledged / persisted / lost | longest unavailability | recovery | peak heap |\n"
                + "|---|---|---|---|---|---|---|\n");
    }

    @AfterAll
    static void down() throws Exception {
        try {
            if (audit != null) {
                audit.close();
            }
        } finally {
            try {
                if (cluster != null) {
                    cluster.close();
                }
            } finally {
                cassandraProxy.close();
            }
        }
    }

    /** What a scenario does while the load runs, after the steady start; it returns when the fault is over. */
    interface Fault {
        void inject(Scenario scenario) throws Exception;
    }

    /** One scenario's load and watchers, for its fault to use. */
    record Scenario(AcknowledgedLoad load, TwinAvailability availability, NodeWatch watch) {}

    @Test
    @Order(1)
    void killMinusNineUnderLoad() throws Exception {
        Duration[] twinsBack = new Duration[1];
        run("1. kill -9 one node", "r1", "node 2 killed (SIGKILL), started again after its twins answered elsewhere", scenario -> {
            long killed = System.nanoTime();
            cluster.kill(2);
            await().atMost(TWINS_BACK_WITHIN.plusSeconds(30)).until(() -> scenario.availability().allAnsweredSince(killed));
            twinsBack[0] = Duration.ofNanos(System.nanoTime() - killed);
            System.out.printf(Locale.ROOT, "ReliabilityIT: every twin answered again %.1f s after the kill (promised: %d s)%n",
                    twinsBack[0].toMillis() / 1e3, TWINS_BACK_WITHIN.toSeconds());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(members(cluster.node(1))).as("the killed node, downed and removed")
                    .hasSize(NODES - 1));
            cluster.start(2);
            membersUp();
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                    assertThat(get(cluster.node(2).managementUrl() + "/cluster/shards/MachineTwin").get("regions")).as("node 2's shards").isNotEmpty());
        });
        assertThat(twinsBack[0]).as("every twin answers again, from the survivors").isLessThanOrEqualTo(TWINS_BACK_WITHIN);
    }

    @Test
    @Order(2)
    void rollingRestartUnderLoad() throws Exception {
        run("2. rolling restart", "r2", "nodes 3, 2, 1 in turn: SIGTERM, wait for the JVM to end, start, wait until ready", scenario -> {
            for (int node = NODES; node >= 1; node--) {
                cluster.terminate(node);
                cluster.start(node);
                membersUp();
            }
        });
    }

    @Test
    @Order(3)
    void partitionedNodeIsDownedAndRejoins() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "the partition is an iptables rule, which needs root");
        run("3. network partition", "r3", "node 3's Artery port dropped (iptables) until the resolver downed it; healed; node 3 started again",
                scenario -> {
                    ArteryPartition partition = ArteryPartition.isolate("127.0.0.3", cluster.arteryPort());
                    try {
                        cluster.awaitExit(3, Duration.ofSeconds(90)); // the minority downs itself and its JVM exits
                        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(members(cluster.node(1))).hasSize(NODES - 1));
                    } finally {
                        partition.close(); // healed
                    }
                    cluster.start(3);
                    membersUp();
                });
    }

    @Test
    @Order(4)
    void brokerRestartMidStream() throws Exception {
        run("4. broker restart", "r4", "Mosquitto stopped (SIGTERM) and started again with its persisted sessions", scenario -> {
            cluster.stopBroker();
            cluster.startBroker();
            everyNodeReady();
        });
    }

    @Test
    @Order(5)
    void cassandraStoppedForThirtySeconds() throws Exception {
        run("5. Cassandra stopped", "r5", "Cassandra stopped (SIGTERM) for 30 s, then started again on its data", scenario -> {
            scenario.watch().resetReadiness();
            cluster.stopCassandra();
            long stopped = System.nanoTime();
            await().atMost(CASSANDRA_OUTAGE).until(() -> scenario.watch().sawNotReady()); // /ready turns false
            hold(CASSANDRA_OUTAGE.minus(Duration.ofNanos(System.nanoTime() - stopped)));
            for (int node = 1; node <= NODES; node++) {
                assertThat(cluster.alive(node)).as("node %d through the outage", node).isTrue();
            }
            cluster.startCassandra();
            everyNodeReady(); // and back
        });
    }

    @Test
    @Order(6)
    void slowCassandra() throws Exception {
        run("6. slow Cassandra", "r6", "every packet to and from Cassandra held " + SLOW_CASSANDRA_DELAY.toMillis() + " ms for " + STEADY.toSeconds()
                + " s", scenario -> {
            double[] before = persistSeconds();
            hold(STEADY);
            double[] steady = persistSeconds();
            cassandraProxy.delay(SLOW_CASSANDRA_DELAY);
            try {
                hold(STEADY);
            } finally {
                cassandraProxy.delay(Duration.ZERO);
            }
            double[] slow = persistSeconds();
            double steadyMs = 1e3 * (steady[0] - before[0]) / (steady[1] - before[1]);
            double slowMs = 1e3 * (slow[0] - steady[0]) / (slow[1] - steady[1]);
            System.out.printf(Locale.ROOT, "ReliabilityIT: mean persist time %.1f ms before, %.1f ms with Cassandra %d ms away%n", steadyMs, slowMs,
                    SLOW_CASSANDRA_DELAY.toMillis());
            assertThat(slowMs).as("the persist latency degrades with the proxy's delay").isGreaterThan(steadyMs + SLOW_CASSANDRA_DELAY.toMillis());
        });
    }

    /**
     * Loads the cluster for {@link #STEADY}, injects the fault, loads it again for {@link #STEADY},
     * stops the load, then compares what the broker acknowledged with every twin's journal.
     */
    private void run(String name, String prefix, String action, Fault fault) throws Exception {
        AcknowledgedLoad load = AcknowledgedLoad.start(cluster.mqttUrl(), prefix, MACHINES);
        Duration longest;
        Duration recovery;
        long peakHeapMb;
        long maxHeapMb;
        try (load; NodeWatch watch = new NodeWatch(cluster::nodes)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> everyTwinAnswers(load.machineIds()));
            try (TwinAvailability availability = new TwinAvailability(load.machineIds(), this::httpUrls)) {
                hold(STEADY);
                fault.inject(new Scenario(load, availability, watch));
                long faultOver = System.nanoTime();
                await().atMost(Duration.ofSeconds(120)).until(() -> availability.allAnsweredSince(faultOver));
                recovery = Duration.ofNanos(System.nanoTime() - faultOver);
                hold(STEADY);
                longest = availability.longestUnavailability();
            }
            peakHeapMb = watch.peakHeapMb();
            maxHeapMb = watch.maxHeapMb();
        }
        long acknowledged = load.acknowledgedSamples();
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).until(() -> audit(load).lost() == 0);
        } catch (org.awaitility.core.ConditionTimeoutException stillLost) {
            // reported in the row, and failed below
        }
        Audit audit = audit(load);
        audit.missing().forEach(line -> System.out.println("ReliabilityIT missing: " + line));
        String row = String.format(Locale.ROOT, "| %s | %d machines, %d samples/s | %s | %,d / %,d / %d | %.1f s | %.1f s | %d of %d MB |", name,
                MACHINES, load.samplesPerSecond(), action, acknowledged, audit.persisted(), audit.lost(), longest.toMillis() / 1e3,
                recovery.toMillis() / 1e3, peakHeapMb, maxHeapMb);
        System.out.println("ReliabilityIT row: " + row);
        Files.writeString(REPORT, row + "\n", StandardOpenOption.APPEND);
        assertThat(audit.lost()).as("acknowledged samples missing from the journals").isZero();
        assertThat(audit.interleaved()).as("twins whose journal interleaves two writers").isEmpty();
        assertThat(acknowledged).as("the load ran").isPositive();
    }

    /**
     * The scenario's twins read back: samples persisted, acknowledged samples lost, the batches
     * missing (machine and first sample, at most a few per machine), twins with two writers at once.
     */
    record Audit(long persisted, long lost, List<String> missing, List<String> interleaved) {}

    private Audit audit(AcknowledgedLoad load) throws Exception {
        long persisted = 0;
        long lost = 0;
        List<String> missing = new ArrayList<>();
        List<String> interleaved = new ArrayList<>();
        for (String machineId : load.machineIds()) {
            JournalAudit.Twin twin = audit.twin(cluster.node(1).httpUrl(), machineId);
            persisted += twin.persistedSamples().size();
            List<Long> lacking = JournalAudit.missingBatches(twin, load.acknowledgedBatches(machineId));
            lost += lacking.size() * (long) AcknowledgedLoad.SAMPLES_PER_BATCH;
            if (!lacking.isEmpty()) {
                missing.add(machineId + " lacks the batches from samples " + lacking.subList(0, Math.min(10, lacking.size())) + " of "
                        + load.acknowledgedBatches(machineId).size() + " acknowledged");
            }
            if (twin.interleavesWriters()) {
                interleaved.add(machineId + " " + twin.writerRuns());
            }
        }
        return new Audit(persisted, lost, missing, interleaved);
    }

    /** Keeps the load running for a while: the scenario's duration, not a wait for something to happen. */
    private static void hold(Duration duration) throws InterruptedException {
        if (!duration.isNegative()) {
            Thread.sleep(duration.toMillis());
        }
    }

    private List<String> httpUrls() {
        return cluster.nodes().stream().map(LocalCluster.Node::httpUrl).toList();
    }

    private boolean everyTwinAnswers(List<String> machineIds) {
        for (String machineId : machineIds) {
            try {
                if (send(cluster.node(1).httpUrl() + "/api/v1/machines/" + machineId).statusCode() != 200) {
                    return false;
                }
            } catch (Exception notYet) {
                return false;
            }
        }
        return true;
    }

    private void membersUp() {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            for (LocalCluster.Node node : cluster.nodes()) {
                JsonNode members = members(node);
                assertThat(members).as("members seen by node %d", node.number()).hasSize(NODES);
                members.forEach(member -> assertThat(member.get("status").asText()).isEqualTo("Up"));
            }
        });
    }

    private void everyNodeReady() {
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            for (LocalCluster.Node node : cluster.nodes()) {
                HttpResponse<String> ready = send(node.managementUrl() + "/ready");
                assertThat(ready.statusCode()).as("node %d /ready: %s", node.number(), ready.body()).isEqualTo(200);
            }
        });
    }

    private static JsonNode members(LocalCluster.Node node) throws Exception {
        return get(node.managementUrl() + "/cluster/members").get("members");
    }

    /** The persist histogram's sum (s) and count, over every node. */
    private double[] persistSeconds() throws Exception {
        double[] totals = new double[2];
        for (LocalCluster.Node node : cluster.nodes()) {
            for (String line : send(node.httpUrl() + "/metrics").body().lines().toList()) {
                if (line.startsWith("cnc_ingest_persist_seconds_sum")) {
                    totals[0] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                } else if (line.startsWith("cnc_ingest_persist_seconds_count")) {
                    totals[1] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return totals;
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = send(url);
        assertThat(response.statusCode()).as("%s: %s", url, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
