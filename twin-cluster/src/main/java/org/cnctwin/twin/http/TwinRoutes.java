package org.cnctwin.twin.http;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.stream.javadsl.Sink;
import org.cnctwin.protocol.MachineCommand;
import org.cnctwin.protocol.MachineIds;
import org.cnctwin.twin.MachineTwin;
import org.cnctwin.twin.fleet.FleetView;
import org.cnctwin.twin.metrics.TwinMetrics;

/**
 * Everything a node serves over HTTP: the API under {@code /api/v1}, routed from its OpenAPI
 * document ({@link OpenApiRouter}) to the handlers of {@link FleetRoutes}, {@link MachineRoutes},
 * {@link HistoryRoutes} and {@link CommandRoutes}; the live page at {@code /}; and the Prometheus
 * metrics at {@code /metrics}. Errors are problem documents ({@link Responses}).
 */
public final class TwinRoutes extends AllDirectives {

    /**
     * @param maxBodyBytes a larger request body is refused with 413
     * @param fleetStreamBuffer fleet changes a client may fall behind before its stream is closed
     * @param heartbeat how often an idle stream sends a comment line
     * @param historyScanLimit events one history request reads at most
     */
    public record Settings(ApiAuth auth, long maxBodyBytes, int fleetStreamBuffer, Duration heartbeat, int historyScanLimit) {

        /** From {@code cnc-twin.http}. */
        public static Settings fromConfig(Config http) {
            return new Settings(ApiAuth.fromConfig(http.getConfig("auth")), http.getBytes("max-body-size"), http.getInt("fleet-stream-buffer"),
                    http.getDuration("sse-heartbeat"), http.getInt("history-scan-limit"));
        }
    }

    private final FleetView fleetView;
    private final CurrentEventsByPersistenceIdQuery journal;
    private final ActorSystem<?> system;
    private final Route routes;

    /**
     * @param fleetView where the fleet is read (the read side)
     * @param journal where the history is read (Cassandra's read journal in production)
     * @param commands sends a command to its machine's MQTT command topic
     */
    public TwinRoutes(ActorSystem<?> system, FleetView fleetView, CurrentEventsByPersistenceIdQuery journal,
                      Function<MachineCommand, CompletionStage<Done>> commands, Settings settings) {
        this.fleetView = fleetView;
        this.journal = journal;
        this.system = system;
        FleetRoutes fleet = new FleetRoutes(system, fleetView, settings);
        MachineRoutes machines = new MachineRoutes(system, settings.heartbeat());
        HistoryRoutes history = new HistoryRoutes(system, journal, settings.historyScanLimit());
        CommandRoutes operator = new CommandRoutes(system, commands);
        Map<String, OpenApiRouter.Handler> handlers = new LinkedHashMap<>();
        handlers.put("getOpenApi", parameters -> Responses.json(StatusCodes.OK, OpenApiRouter.OPENAPI));
        handlers.put("listMachines", parameters -> fleet.list());
        handlers.put("streamFleet", parameters -> fleet.stream());
        handlers.put("getMachine", parameters -> knownMachine(parameters, machines::twin));
        handlers.put("streamMachine", parameters -> knownMachine(parameters, machines::stream));
        handlers.put("getMachineHistory", parameters -> knownMachine(parameters, history::history));
        handlers.put("acknowledgeAlert", parameters -> knownMachine(parameters, machineId -> operator.acknowledge(machineId, parameters.get("alertId"))));
        handlers.put("recordMaintenance", parameters -> knownMachine(parameters, operator::maintenance));
        handlers.put("configureMachine", parameters -> knownMachine(parameters, operator::configure));
        handlers.put("sendFault", parameters -> knownMachine(parameters, operator::fault));
        Route api = new OpenApiRouter(settings.auth(), handlers).route();
        TwinMetrics metrics = TwinMetrics.get(system);
        Route all = concat(
                pathSingleSlash(() -> get(() -> getFromResource("web/index.html", ContentTypes.TEXT_HTML_UTF8))),
                pathPrefix("webjars", () -> get(() -> getFromResourceDirectory("META-INF/resources/webjars"))),
                path("metrics", () -> get(() -> complete(HttpResponse.create().withEntity(HttpEntities.create(
                        ContentTypes.create(MediaTypes.TEXT_PLAIN, HttpCharsets.UTF_8), metrics.scrape()))))),
                withSizeLimit(settings.maxBodyBytes(), () -> api));
        this.routes = handleExceptions(Responses.exceptionHandler(settings.maxBodyBytes()),
                () -> handleRejections(Responses.rejectionHandler(settings.maxBodyBytes()), () -> all));
    }

    public Route routes() {
        return routes;
    }

    /** A valid machine id of a machine the cluster has heard of, or the problem with it. */
    private Route knownMachine(Map<String, String> parameters, Function<String, Route> inner) {
        String machineId = parameters.get("machineId");
        if (!MachineIds.isValid(machineId)) {
            return Responses.problem(StatusCodes.BAD_REQUEST, "invalid machine id", "machine id \"" + machineId + "\": expected 1-64 of A-Z a-z 0-9 _ -",
                    "machineId");
        }
        return onSuccess(known(machineId), known -> known ? inner.apply(machineId)
                : Responses.problem(StatusCodes.NOT_FOUND, "unknown machine", "no machine " + machineId + " has reported to this cluster", "machineId"));
    }

    /**
     * The fleet view knows every machine a few seconds after its first event; in those seconds the
     * journal is asked for that event. Not the twin: asking an unknown id would start a twin for it.
     */
    private CompletionStage<Boolean> known(String machineId) {
        return fleetView.knows(machineId).thenCompose(inView -> inView ? CompletableFuture.completedFuture(true)
                : journal.currentEventsByPersistenceId(PersistenceId.of(MachineTwin.ENTITY_TYPE_KEY.name(), machineId).id(), 1, 1)
                        .runWith(Sink.headOption(), system).thenApply(Optional::isPresent));
    }
}
