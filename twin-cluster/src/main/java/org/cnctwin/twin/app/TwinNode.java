package org.cnctwin.twin.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.cnctwin.local.LoopbackPorts;
import org.cnctwin.machine.publish.BrokerSettings;
import org.cnctwin.machine.publish.Fleet;
import org.cnctwin.machine.sim.FaultSpec;
import org.cnctwin.machine.sim.Job;
import org.cnctwin.machine.sim.MachineSpec;
import org.cnctwin.twin.FleetRegistry;
import org.cnctwin.twin.MachineTwin;
import org.cnctwin.twin.TwinChildren;
import org.cnctwin.twin.cassandra.EmbeddedCassandra;
import org.cnctwin.twin.http.TwinRoutes;
import org.cnctwin.twin.ingest.MqttIngest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-command demo: Cassandra 5.0 in a forked JVM (data under {@code DEMO_DATA}, default
 * {@code ./data}, kept between runs), an in-process MQTT broker (Moquette) unless {@code MQTT_URL}
 * names one, a one-node cluster with the twins and the MQTT ingest, a simulated fleet of
 * {@code DEMO_MACHINES} (default 12) machines running the sample job (one developing an
 * outer-race bearing defect, one wearing its tools fast), and the HTTP API and page on
 * {@code http://127.0.0.1:HTTP_PORT} (default 8080). Ctrl-C stops it all in order.
 */
public final class TwinNode {

    private static final Logger log = LoggerFactory.getLogger(TwinNode.class);

    /** What the demo starts; stopped in reverse order. */
    public record Demo(ActorSystem<Void> system, EmbeddedCassandra cassandra, Server broker, Fleet fleet, MqttIngest ingest, ServerBinding http,
                       String managementUrl, boolean authOpen) {

        public String url() {
            return "http://" + http.localAddress().getHostString() + ":" + http.localAddress().getPort();
        }
    }

    private TwinNode() {}

    public static void main(String[] args) throws Exception {
        Demo demo = start(Path.of(env("DEMO_DATA", "data")), Integer.parseInt(env("DEMO_MACHINES", "12")), ConfigFactory.load().getInt("cnc-twin.http.port"),
                System.getenv("MQTT_URL"));
        System.out.printf("%nCNC twin demo: %s  %s%n%d simulated machines; "
                + "cnc-007 wears its tools fast (a broken tool within ~10 min), cnc-003's bearing fails (zone C at ~12 min).%n"
                + "Health and cluster: %s/ready  %s/cluster/shards/MachineTwin   Metrics: %s/metrics%nCtrl-C stops everything.%n%n",
                demo.url(), demo.authOpen() ? "(demo mode: the API is OPEN, no authentication; API_AUTH_MODE=tokens closes it)" : "",
                demo.fleet().options().machines(), demo.managementUrl(), demo.managementUrl(), demo.url());
        demo.system().getWhenTerminated().toCompletableFuture().get();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * Starts everything and returns once the page is served.
     *
     * @param httpPort 0 for any free port
     * @param mqttUrl an external broker, or null for the in-process one
     */
    public static Demo start(Path dataFolder, int machines, int httpPort, String mqttUrl) throws Exception {
        Files.createDirectories(dataFolder);
        EmbeddedCassandra cassandra = EmbeddedCassandra.start(dataFolder.resolve("cassandra"), 0, 768);
        Server broker = null;
        String brokerUrl = mqttUrl;
        if (brokerUrl == null) {
            int port = LoopbackPorts.free();
            broker = startBroker(dataFolder.resolve("moquette"), port);
            brokerUrl = "tcp://127.0.0.1:" + port;
        }
        // Moquette ignores shared subscriptions: one plain persistent subscription per channel.
        Config config = ConfigFactory.parseString("""
                datastax-java-driver.basic.contact-points = ["%s"]
                pekko.remote.artery.canonical.port = 0
                cnc-twin.ingest.mqtt { url = "%s", shared-subscription = false, connections-per-channel = 1, client-id-prefix = "twin-demo" }
                pekko.coordinated-shutdown.phases.before-actor-system-terminate.timeout = 45s
                cnc-twin.http.auth.mode = "%s"
                pekko.management.http.port = %d
                """.formatted(cassandra.contactPoint(), brokerUrl, env("API_AUTH_MODE", "open"),
                httpPort == 0 ? LoopbackPorts.free() : ConfigFactory.load().getInt("pekko.management.http.port")))
                .withFallback(ConfigFactory.load());
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "cnc-twin", config);
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        MachineTwin.initSharding(system, TwinChildren.standard());
        FleetRegistry registry = new FleetRegistry(system);
        MqttIngest ingest = MqttIngest.start(system, MqttIngest.Settings.fromConfig(config), registry);

        TwinRoutes.Settings httpSettings = TwinRoutes.Settings.fromConfig(config.getConfig("cnc-twin.http"));
        CassandraReadJournal journal = PersistenceQuery.get(system).getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
        TwinRoutes routes = new TwinRoutes(system, registry, journal, ingest::send, httpSettings);
        ServerBinding http = Http.get(system).newServerAt(config.getString("cnc-twin.http.interface"), httpPort).bind(routes.routes())
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        String managementUrl = PekkoManagement.get(system).start().toCompletableFuture().get(30, TimeUnit.SECONDS).toString().replaceAll("/$", "");

        List<FaultSpec> faults = List.of(FaultSpec.parse("bearing-outer-race-defect/1.0@60s:cnc-003"),
                FaultSpec.parse("accelerated-tool-wear/1.0@0s:cnc-007"));
        Fleet fleet = new Fleet(system, new Fleet.Options(machines, "cnc", List.of(MachineSpec.ALL), Job.sample(), 1, null, 1,
                machines >= 7 ? faults : List.of(), BrokerSettings.plain(brokerUrl), null, Instant.now()));
        ingest.subscribed().toCompletableFuture().get(30, TimeUnit.SECONDS); // the fleet's first batches would find no subscriber
        fleet.run();

        Server startedBroker = broker;
        CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
        shutdown.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "stop-fleet", () -> {
            fleet.stop();
            return CompletableFuture.completedFuture(Done.getInstance());
        });
        shutdown.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "unbind-http", () -> http.unbind().thenApply(unbound -> Done.getInstance()));
        shutdown.addTask(CoordinatedShutdown.PhaseServiceStop(), "stop-ingest", ingest::stop);
        // After the cluster has left and the journal is flushed: the broker, then Cassandra's JVM.
        shutdown.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "stop-broker-and-cassandra", () -> CompletableFuture.supplyAsync(() -> {
            if (startedBroker != null) {
                startedBroker.stopServer();
            }
            cassandra.close();
            return Done.getInstance();
        }));
        return new Demo(system, cassandra, broker, fleet, ingest, http, managementUrl, httpSettings.auth().isOpen());
    }

    private static Server startBroker(Path folder, int port) throws IOException {
        Files.createDirectories(folder);
        Properties properties = new Properties();
        properties.setProperty(IConfig.HOST_PROPERTY_NAME, "127.0.0.1");
        properties.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(port));
        properties.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        properties.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "true");
        properties.setProperty(IConfig.DATA_PATH_PROPERTY_NAME, folder.toAbsolutePath().toString());
        properties.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
        Server server = new Server();
        server.startServer(new MemoryConfig(properties));
        log.info("in-process MQTT broker (Moquette) on 127.0.0.1:{}", port);
        return server;
    }
}
