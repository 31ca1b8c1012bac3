package org.cnctwin.twin.node;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.ClusterShardingHealthCheck;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.ServerBuilder;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.cnctwin.machine.publish.PemTls;
import org.cnctwin.twin.MachineTwin;
import org.cnctwin.twin.TwinChildren;
import org.cnctwin.twin.fleet.FleetView;
import org.cnctwin.twin.http.TwinRoutes;
import org.cnctwin.twin.ingest.MqttIngest;
import scala.jdk.javaapi.FutureConverters;

/**
 * One node of the twin cluster, started in the order that keeps every promise of readiness:
 *
 * <ol>
 *   <li>Pekko Management (health checks, and the contact point Cluster Bootstrap's peers probe),
 *       then Cluster Bootstrap, which forms or joins the cluster through the configured discovery;
 *   <li>the recovery warm-up, and only then the twins' shard region ({@link MachineTwin#initSharding});
 *   <li>the read side: the fleet view's slices, a sharded daemon process ({@link FleetView#start});
 *   <li>the HTTP API;
 *   <li>once this member is Up and its shard region has registered, the MQTT ingest; {@code /ready}
 *       answers 200 once the broker has acknowledged its subscriptions.
 * </ol>
 *
 * <p>On SIGTERM, CoordinatedShutdown runs it backwards: the node stops being ready, unbinds the
 * API, drains the ingest (no new message; those handed to twins are persisted and acknowledged),
 * hands its shards to the other nodes and leaves the cluster.
 */
public final class TwinNode {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** The actor system's name, the same on every node of a cluster. */
    public static final String SYSTEM_NAME = "cnc-twin";

    /**
     * A started node.
     *
     * @param subscribed completes when the ingest's subscriptions are acknowledged: the node is ready then
     */
    public record Running(ActorSystem<Void> system, ServerBinding http, String managementUrl, MqttIngest ingest, CompletionStage<Done> subscribed) {

        public String url() {
            return "http://" + http.localAddress().getHostString() + ":" + http.localAddress().getPort();
        }
    }

    private TwinNode() {}

    /**
     * Starts a node on a configuration {@link NodeSettings} has checked; returns once the API is
     * bound, while the cluster forms.
     *
     * @param httpPort the API's port, 0 for any free one
     */
    public static Running start(Config config, int httpPort) throws Exception {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), SYSTEM_NAME, config);
        try {
            String managementUrl = PekkoManagement.get(system).start().toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .toString().replaceAll("/$", "");
            ClusterBootstrap.get(system).start();
            MachineTwin.initSharding(system, TwinChildren.standard());
            FleetView fleetView = FleetView.start(system);
            MqttIngest ingest = MqttIngest.create(system, MqttIngest.Settings.fromConfig(config));
            CassandraReadJournal journal = PersistenceQuery.get(system).getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
            TwinRoutes routes = new TwinRoutes(system, fleetView, journal, ingest::send, TwinRoutes.Settings.fromConfig(config.getConfig("cnc-twin.http")));
            ServerBinding http = bindApi(system, config, httpPort, routes.routes()).toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            CompletionStage<Done> subscribed = memberUp(system).thenCompose(up -> shardRegionRegistered(system)).thenCompose(registered -> {
                system.log().info("Member Up and the MachineTwin shard region registered: starting the MQTT ingest");
                return ingest.start();
            });
            shutDownInOrder(system, http, ingest);
            return new Running(system, http, managementUrl, ingest, subscribed);
        } catch (Exception | Error e) {
            system.terminate();
            throw e;
        }
    }

    /** Binds the API on cnc-twin.http's interface: HTTPS when tls-cert and tls-key name its certificate and key, else HTTP. */
    static CompletionStage<ServerBinding> bindApi(ActorSystem<?> system, Config config, int port, Route route) {
        ServerBuilder server = Http.get(system).newServerAt(config.getString("cnc-twin.http.interface"), port);
        String certificate = config.getString("cnc-twin.http.tls-cert");
        if (!certificate.isEmpty()) {
            server = server.enableHttps(ConnectionContext.httpsServer(
                    PemTls.serverContext(Path.of(certificate), Path.of(config.getString("cnc-twin.http.tls-key")))));
        }
        return server.bind(route);
    }

    /** The SIGTERM path: not ready, API unbound, ingest drained; Pekko's own phases then hand the shards off and leave. */
    private static void shutDownInOrder(ActorSystem<?> system, ServerBinding http, MqttIngest ingest) {
        CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
        shutdown.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "unbind-http-api",
                () -> http.unbind().thenApply(unbound -> Done.getInstance()));
        shutdown.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "drain-mqtt-ingest", () -> {
            system.log().info("Draining the MQTT ingest: no new messages; in-flight ones are persisted and acknowledged");
            return ingest.drain().thenApply(drained -> {
                system.log().info("MQTT ingest drained");
                return drained;
            });
        });
        shutdown.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "close-http-connections",
                () -> http.terminate(Duration.ofSeconds(5)).thenApply(terminated -> Done.getInstance()));
    }

    private static CompletionStage<Done> memberUp(ActorSystem<?> system) {
        CompletableFuture<Done> up = new CompletableFuture<>();
        ActorRef<SelfUp> listener = system.systemActorOf(Behaviors.<SelfUp>receiveMessage(selfUp -> {
            up.complete(Done.getInstance());
            return Behaviors.stopped();
        }), "member-up-listener", Props.empty());
        Cluster.get(system).subscriptions().tell(Subscribe.create(listener, SelfUp.class));
        return up;
    }

    /** Polls the same check as {@code /ready}: the region has registered with its coordinator (the oldest node's). */
    private static CompletionStage<Done> shardRegionRegistered(ActorSystem<?> system) {
        ClusterShardingHealthCheck check = new ClusterShardingHealthCheck(Adapter.toClassic(system));
        CompletableFuture<Done> registered = new CompletableFuture<>();
        pollUntilRegistered(system, check, registered);
        return registered;
    }

    private static void pollUntilRegistered(ActorSystem<?> system, ClusterShardingHealthCheck check, CompletableFuture<Done> registered) {
        FutureConverters.asJava(check.apply()).whenComplete((healthy, failure) -> {
            if (failure == null && Boolean.TRUE.equals(healthy)) {
                registered.complete(Done.getInstance());
            } else if (!system.getWhenTerminated().toCompletableFuture().isDone()) {
                system.scheduler().scheduleOnce(Duration.ofMillis(200), () -> pollUntilRegistered(system, check, registered), system.executionContext());
            }
        });
    }
}
