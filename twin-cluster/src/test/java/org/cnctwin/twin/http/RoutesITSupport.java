package org.cnctwin.twin.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.cnctwin.protocol.MachineCommand;
import org.cnctwin.protocol.Severity;
import org.cnctwin.twin.Finding;
import org.cnctwin.twin.MachineTwin;
import org.cnctwin.twin.TwinState;
import org.cnctwin.twin.TwinTesting;
import org.cnctwin.twin.fleet.FleetView;
import org.cnctwin.twin.testing.TestNodes;
import org.junit.jupiter.api.AfterAll;

/**
 * What the route tests stand on: a one-node cluster with real twins on a real Cassandra
 * (TestNodes) and the real read side, the routes open and with a reader's and an operator's
 * token, machines with samples and an alert, and every JSON answer checked against the OpenAPI
 * document (OpenApiContract). The command sender is a recording function.
 */
abstract class RoutesITSupport extends JUnit5RouteTest {


    static ActorSystem<Void> node;
    static FleetView fleetView;
    static final List<MachineCommand> SENT = new CopyOnWriteArrayList<>();
    static TwinRoutes open;
    static TwinRoutes withTokens;

    @Override
    protected ActorSystem<?> typedSystem() {
        return node;
    }

    /** A node on the run's Cassandra in {@code keyspace}, with its read side, and the routes open and with tokens over it. */
    static void startNode(String keyspace) throws Exception {
        SENT.clear();
        node = TestNodes.start(keyspace, ConfigFactory.parseString("cnc-twin.http.auth.mode = open"));
        fleetView = FleetView.start(node);
        CassandraReadJournal journal = PersistenceQuery.get(node).getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
        TwinRoutes.Settings settings = TwinRoutes.Settings.fromConfig(node.settings().config().getConfig("cnc-twin.http"));
        java.util.function.Function<MachineCommand, java.util.concurrent.CompletionStage<Done>> recorder = command -> {
            SENT.add(command);
            return CompletableFuture.completedFuture(Done.getInstance());
        };
        open = new TwinRoutes(node, fleetView, journal, recorder, new TwinRoutes.Settings(new ApiAuth.Open(), settings.maxBodyBytes(),
                settings.fleetStreamBuffer(), settings.heartbeat(), 25));
        withTokens = new TwinRoutes(node, fleetView, journal, recorder, new TwinRoutes.Settings(
                new ApiAuth.StaticTokens(java.util.Map.of("read-token", ApiAuth.Role.READER, "op-token", ApiAuth.Role.OPERATOR)),
                settings.maxBodyBytes(), settings.fleetStreamBuffer(), settings.heartbeat(), settings.historyScanLimit()));
        List.of("cnc-001", "cnc-002", "cnc-003").forEach(RoutesITSupport::machine);
        raise("cnc-002", "SPINDLE_TEMPERATURE", Severity.WARNING);
    }

    @AfterAll
    static void stopNode() {
        TestNodes.stop(node);
    }

    /** A machine that has reported samples 1 to 10, once the fleet view has it. Tests that change a twin take one of their own. */
    static String machine(String machineId) {
        record(machineId, 1, 10);
        await().atMost(Duration.ofSeconds(30)).until(() -> fleetView.knows(machineId).toCompletableFuture().get());
        return machineId;
    }

    static void record(String machineId, long first, long last) {
        ClusterSharding.get(node).entityRefFor(MachineTwin.ENTITY_TYPE_KEY, machineId)
                .<MachineTwin.Recorded>askWithStatus(replyTo -> new MachineTwin.RecordTelemetry(TwinTesting.batch(machineId, first, last), replyTo),
                        Duration.ofSeconds(10))
                .toCompletableFuture().join();
    }

    static void raise(String machineId, String code, Severity severity) {
        ClusterSharding.get(node).entityRefFor(MachineTwin.ENTITY_TYPE_KEY, machineId)
                .tell(new MachineTwin.ReportFinding(new Finding.AnomalyStarted(code, severity, "test", code + " raised by the test", List.of())));
        await().atMost(Duration.ofSeconds(10)).until(() -> state(machineId).hasActiveAlert(code));
    }

    static TwinState state(String machineId) {
        return ClusterSharding.get(node).entityRefFor(MachineTwin.ENTITY_TYPE_KEY, machineId)
                .<TwinState>ask(MachineTwin.GetTwin::new, Duration.ofSeconds(10)).toCompletableFuture().join();
    }

    /** Runs the request; a JSON answer of an API operation must be what the document says it is. */
    TestRouteResult run(Route route, HttpRequest request) throws Exception {
        TestRouteResult result = testRoute(route).run(request);
        String path = request.getUri().path();
        if (path.startsWith("/api/v1/") && !path.endsWith("/stream") && result.response().entity().getContentType().mediaType().isApplication()) {
            String operation = operationOf(request);
            if (operation == null) { // an unknown path or method: a problem document
                OpenApiContract.assertSchema("Problem", Responses.JSON.readTree(result.entityString()));
            } else {
                OpenApiContract.assertResponse(operation, result.response().status().intValue(), result.entityString());
            }
        }
        return result;
    }

    /** The path as the router matches it: "." segments dropped, ".." taking the one before it away (RFC 3986, 5.2.4). */
    static String withoutDotSegments(String path) {
        java.util.Deque<String> kept = new java.util.ArrayDeque<>();
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.equals("..")) {
                kept.pollLast();
            } else if (!segment.equals(".")) {
                kept.addLast(segment);
            }
        }
        return "/" + String.join("/", kept);
    }

    /** The document's operation a request was for (by its method and path), null when none. */
    static String operationOf(HttpRequest request) {
        String[] segments = withoutDotSegments(request.getUri().path()).substring(1).split("/");
        for (OpenApiRouter.Operation operation : OpenApiRouter.operations()) {
            String[] parts = operation.pathTemplate().substring(1).split("/");
            boolean same = parts.length == segments.length && operation.method().equals(request.method());
            for (int index = 0; same && index < parts.length; index++) {
                same = parts[index].startsWith("{") || parts[index].equals(segments[index]);
            }
            if (same) {
                return operation.operationId();
            }
        }
        return null;
    }

    JsonNode json(TestRouteResult result) throws Exception {
        return Responses.JSON.readTree(result.entityString());
    }

    JsonNode problem(TestRouteResult result, int status) throws Exception {
        result.assertStatusCode(status).assertMediaType("application/problem+json");
        JsonNode problem = json(result);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        return problem;
    }

    static HttpRequest post(String uri, String body) {
        return HttpRequest.create(uri).withMethod(HttpMethods.POST).withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body));
    }

}
