package org.cnctwin.demo;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.cnctwin.fleet.Fleet;
import org.cnctwin.local.EmbeddedCassandra;
import org.cnctwin.local.LocalBroker;
import org.cnctwin.local.LoopbackPorts;
import org.cnctwin.machine.publish.BrokerSettings;
import org.cnctwin.machine.sim.FaultSpec;
import org.cnctwin.machine.sim.Job;
import org.cnctwin.machine.sim.MachineSpec;
import org.cnctwin.twin.node.NodeSettings;
import org.cnctwin.twin.node.TwinNode;

/**
 * The one-command demo: the production node ({@link TwinNode}) with its local peers beside it,
 * Cassandra 5.0 in a forked JVM (data under {@code DEMO_DATA}, default {@code ./data}, kept
 * between runs) and an in-process MQTT broker (Moquette) unless {@code MQTT_URL} names one, as a
 * one-node cluster, and a simulated fleet of {@code DEMO_MACHINES} (default 12) machines running
 * the sample job (one developing an outer-race bearing defect, one wearing its tools fast). The
 * API and page are on {@code http://127.0.0.1:HTTP_PORT} (default 8080). Ctrl-C stops it all in order.
 */
public final class Demo {

    /** What the demo started beside the node; stopped after it. */
    public record Running(TwinNode.Running node, EmbeddedCassandra cassandra, LocalBroker broker, Fleet fleet, boolean authOpen) {

        public String url() {
            return node.url();
        }

        public String managementUrl() {
            return node.managementUrl();
        }
    }

    private Demo() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            System.err.println((args[0].equals("--help") || args[0].equals("-h") ? "" : "unknown argument " + args[0] + "\n")
                    + "Usage: java -jar twin-demo.jar\n"
                    + "The one-command demo: Cassandra, a broker, a one-node twin cluster and twelve simulated machines on 127.0.0.1.\n"
                    + "Environment: HTTP_PORT (8080), DEMO_DATA (./data), DEMO_MACHINES (12), MQTT_URL (an external broker), API_AUTH_MODE (open).");
            System.exit(args[0].equals("--help") || args[0].equals("-h") ? 0 : 2);
        }
        Map<String, String> environment = System.getenv();
        Running demo;
        try {
            demo = start(Path.of(environment.getOrDefault("DEMO_DATA", "data")), number(environment, "DEMO_MACHINES", 12, 1),
                    number(environment, "HTTP_PORT", 8080, 1), environment.get("MQTT_URL"));
        } catch (NodeSettings.InvalidSettingsException | IllegalArgumentException invalid) {
            System.err.println(invalid.getMessage());
            System.exit(2);
            return;
        }
        System.out.printf("%nCNC twin demo: %s  %s%n%d simulated machines; "
                + "cnc-007 wears its tools fast (a broken tool within ~10 min), cnc-003's bearing fails (zone C at ~12 min).%n"
                + "Health and cluster: %s/ready  %s/cluster/shards/MachineTwin   Metrics: %s/metrics%nCtrl-C stops everything.%n%n",
                demo.url(), demo.authOpen() ? "(demo mode: the API is OPEN, no authentication; API_AUTH_MODE=tokens closes it)" : "",
                demo.fleet().options().machines(), demo.managementUrl(), demo.managementUrl(), demo.url());
        demo.node().system().getWhenTerminated().toCompletableFuture().get();
    }

    private static int number(Map<String, String> environment, String name, int fallback, int minimum) {
        String text = environment.get(name);
        try {
            int value = text == null ? fallback : Integer.parseInt(text.trim());
            if (value >= minimum) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // said below
        }
        throw new IllegalArgumentException(name + ": expected a whole number of at least " + minimum + ", was \"" + text + '"');
    }

    /**
     * Starts everything and returns once the fleet publishes.
     *
     * @param httpPort 0 for any free port (management then takes a free one too)
     * @param mqttUrl an external broker, or null for the in-process one
     */
    public static Running start(Path dataFolder, int machines, int httpPort, String mqttUrl) throws Exception {
        Files.createDirectories(dataFolder);
        EmbeddedCassandra cassandra = EmbeddedCassandra.start(dataFolder.resolve("cassandra"), 0, 768);
        LocalBroker broker = null;
        try {
            broker = mqttUrl == null ? LocalBroker.start(dataFolder.resolve("moquette"), LoopbackPorts.free()) : null;
            return start(cassandra, broker, machines, httpPort, mqttUrl);
        } catch (Exception | Error e) {
            if (broker != null) {
                broker.close();
            }
            cassandra.close();
            throw e;
        }
    }

    private static Running start(EmbeddedCassandra cassandra, LocalBroker broker, int machines, int httpPort, String mqttUrl) throws Exception {
        String brokerUrl = mqttUrl == null ? broker.url() : mqttUrl;
        int managementPort = httpPort == 0 ? LoopbackPorts.free() : ConfigFactory.load().getInt("pekko.management.http.port");
        Map<String, String> environment = System.getenv();
        // The node as production runs it, on loopback and alone: it bootstraps a cluster of itself. Moquette ignores shared
        // subscriptions, so the ingest takes one plain persistent subscription per channel.
        Config demo = ConfigFactory.parseString("""
                datastax-java-driver.basic.contact-points = ["%s"]
                pekko.remote.artery.canonical.port = 0
                pekko.management.http.port = %d
                pekko.discovery.config.services.cnc-twin.endpoints = [{host = "127.0.0.1", port = %d}]
                pekko.management.cluster.bootstrap.contact-point-discovery { required-contact-point-nr = 1, stable-margin = 1s }
                cnc-twin.ingest.mqtt { url = "%s", shared-subscription = false, connections-per-channel = 1, client-id-prefix = "twin-demo" }
                cnc-twin.http.auth.mode = "%s"
                pekko.coordinated-shutdown.phases.before-actor-system-terminate.timeout = 45s
                """.formatted(cassandra.contactPoint(), managementPort, managementPort, brokerUrl, environment.getOrDefault("API_AUTH_MODE", "open")));
        Config config = NodeSettings.checked(ConfigFactory.load(demo.withFallback(ConfigFactory.defaultApplication())), environment);
        TwinNode.Running node = TwinNode.start(config, httpPort);

        List<FaultSpec> faults = List.of(FaultSpec.parse("bearing-outer-race-defect/1.0@60s:cnc-003"),
                FaultSpec.parse("accelerated-tool-wear/1.0@0s:cnc-007"));
        Fleet fleet = new Fleet(node.system(), new Fleet.Options(machines, "cnc", List.of(MachineSpec.ALL), Job.sample(), 1, null, 1,
                machines >= 7 ? faults : List.of(), BrokerSettings.plain(brokerUrl), null, Instant.now()));
        node.subscribed().toCompletableFuture().get(60, TimeUnit.SECONDS); // the fleet's first batches would find no subscriber
        fleet.run();

        CoordinatedShutdown shutdown = CoordinatedShutdown.get(node.system());
        shutdown.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "stop-fleet", () -> {
            fleet.stop();
            return CompletableFuture.completedFuture(Done.getInstance());
        });
        // After the node has left the cluster and the journal is flushed: the broker, then Cassandra's JVM.
        shutdown.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "stop-broker-and-cassandra", () -> CompletableFuture.supplyAsync(() -> {
            if (broker != null) {
                broker.close();
            }
            cassandra.close();
            return Done.getInstance();
        }));
        return new Running(node, cassandra, broker, fleet, config.getString("cnc-twin.http.auth.mode").equals("open"));
    }
}
