package org.cnctwin.twin.http;

import java.util.List;
import java.util.Optional;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSource;
import org.cnctwin.protocol.ExecutionState;
import org.cnctwin.twin.FleetChanges;
import org.cnctwin.twin.api.FleetChange;
import org.cnctwin.twin.api.FleetPage;
import org.cnctwin.twin.api.MachineSummary;
import org.cnctwin.twin.fleet.FleetQuery;
import org.cnctwin.twin.fleet.FleetView;
import org.cnctwin.twin.metrics.TwinMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet, from the read side: a page of machine summaries, filtered ({@code listMachines}),
 * and its alert changes once the fleet view has them ({@code streamFleet}).
 */
final class FleetRoutes extends AllDirectives {

    private static final Logger log = LoggerFactory.getLogger(FleetRoutes.class);
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;
    private static final List<String> HEALTH = List.of("ok", "warning", "critical");

    private final ActorSystem<?> system;
    private final FleetView fleetView;
    private final TwinMetrics metrics;
    private final TwinRoutes.Settings settings;

    FleetRoutes(ActorSystem<?> system, FleetView fleetView, TwinRoutes.Settings settings) {
        this.system = system;
        this.fleetView = fleetView;
        this.metrics = TwinMetrics.get(system);
        this.settings = settings;
    }

    /** A page of the fleet view: no twin is asked, however large the fleet and whatever the filter. */
    Route list() {
        return parameterOptional("offset", offsetText -> parameterOptional("limit", limitText -> parameterOptional("health", health ->
                parameterOptional("executionState", executionStateText -> {
                    FleetQuery query;
                    try {
                        int offset = QueryParameters.integer("offset", offsetText, 0, 0, FleetQuery.MAX_RESULT_WINDOW - 1);
                        int limit = QueryParameters.integer("limit", limitText, DEFAULT_LIMIT, 1, MAX_LIMIT);
                        if (health.isPresent() && !HEALTH.contains(health.get())) {
                            throw new QueryParameters.BadParameter("health", "expected ok, warning or critical, was \"" + health.get() + '"');
                        }
                        Optional<ExecutionState> executionState = QueryParameters.enumValue("executionState", executionStateText, ExecutionState.class);
                        try {
                            query = new FleetQuery(health, executionState, offset, limit);
                        } catch (IllegalArgumentException tooDeep) {
                            throw new QueryParameters.BadParameter("offset", tooDeep.getMessage());
                        }
                    } catch (QueryParameters.BadParameter e) {
                        return Responses.problem(StatusCodes.BAD_REQUEST, "invalid query parameter", e.getMessage(), e.parameter);
                    }
                    return onSuccess(fleetView.page(query), result -> Responses.json(StatusCodes.OK, new FleetPage(result.total(), query.offset(),
                            query.limit(), result.entries().stream().map(MachineSummary::of).toList())));
                }))));
    }

    /** Every machine's alert changes; a client too far behind is disconnected rather than shown a fleet with gaps. */
    Route stream() {
        Source<ServerSentEvent, NotUsed> events = ActorSource.<FleetChanges.FleetChange>actorRef(change -> false, change -> Optional.empty(),
                        settings.fleetStreamBuffer(), OverflowStrategy.fail())
                .watchTermination((subscriber, done) -> {
                    metrics.sseClientOpened("fleet");
                    FleetChanges.get(system).subscribe(subscriber);
                    done.whenComplete((finished, failure) -> {
                        metrics.sseClientClosed("fleet");
                        if (failure != null) {
                            metrics.sseDropped("fleet");
                            log.info("fleet stream closed: the client fell {} changes behind", settings.fleetStreamBuffer());
                        }
                    });
                    return NotUsed.getInstance();
                })
                .map(change -> ServerSentEvent.create(Responses.text(FleetChange.of(change)), "fleet"))
                .keepAlive(settings.heartbeat(), ServerSentEvent::heartbeat);
        // Sent once subscribed: a client that has it misses no change made after it.
        events = Source.single(ServerSentEvent.create("{}", "open")).concat(events);
        return completeOK(events, EventStreamMarshalling.toEventStream());
    }
}
