package org.cnctwin.twin.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
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
import org.cnctwin.twin.FleetRegistry;
import org.cnctwin.twin.MachineTwin;
import org.cnctwin.twin.TwinState;
import org.cnctwin.twin.api.FleetPage;
import org.cnctwin.twin.api.MachineSummary;
import org.cnctwin.twin.metrics.TwinMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The fleet: a page of machine summaries, filtered ({@code listMachines}), and its alert changes as they happen ({@code streamFleet}). */
final class FleetRoutes extends AllDirectives {

    private static final Logger log = LoggerFactory.getLogger(FleetRoutes.class);
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;
    private static final List<String> HEALTH = List.of("ok", "warning", "critical");

    private final ActorSystem<?> system;
    private final ClusterSharding sharding;
    private final FleetRegistry registry;
    private final TwinMetrics metrics;
    private final TwinRoutes.Settings settings;

    FleetRoutes(ActorSystem<?> system, FleetRegistry registry, TwinRoutes.Settings settings) {
        this.system = system;
        this.sharding = ClusterSharding.get(system);
        this.registry = registry;
        this.metrics = TwinMetrics.get(system);
        this.settings = settings;
    }

    Route list() {
        return parameterOptional("offset", offsetText -> parameterOptional("limit", limitText -> parameterOptional("health", health ->
                parameterOptional("executionState", executionStateText -> {
                    int offset;
                    int limit;
                    Optional<ExecutionState> executionState;
                    try {
                        offset = QueryParameters.integer("offset", offsetText, 0, 0, Integer.MAX_VALUE);
                        limit = QueryParameters.integer("limit", limitText, DEFAULT_LIMIT, 1, MAX_LIMIT);
                        if (health.isPresent() && !HEALTH.contains(health.get())) {
                            throw new QueryParameters.BadParameter("health", "expected ok, warning or critical, was \"" + health.get() + '"');
                        }
                        executionState = QueryParameters.enumValue("executionState", executionStateText, ExecutionState.class);
                    } catch (QueryParameters.BadParameter e) {
                        return Responses.problem(StatusCodes.BAD_REQUEST, "invalid query parameter", e.getMessage(), e.parameter);
                    }
                    return onSuccess(page(health, executionState, offset, limit), page -> Responses.json(StatusCodes.OK, page));
                }))));
    }

    private CompletionStage<FleetPage> page(Optional<String> health, Optional<ExecutionState> executionState, int offset, int limit) {
        boolean filtered = health.isPresent() || executionState.isPresent();
        return registry.machineIds().thenComposeAsync(ids -> {
            List<String> all = new ArrayList<>(ids);
            // Unfiltered, only the page's twins are asked; a filter must look at every twin.
            List<String> asked = filtered ? all : all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit));
            return states(asked).thenApplyAsync(states -> {
                List<TwinState> matching = states.stream()
                        .filter(twin -> health.map(wanted -> wanted.equals(twin.health())).orElse(true))
                        .filter(twin -> executionState.map(wanted -> twin.reported() != null && twin.reported().executionState() == wanted).orElse(true))
                        .toList();
                List<TwinState> shown = filtered ? matching.subList(Math.min(offset, matching.size()), Math.min(matching.size(), offset + limit))
                        : matching;
                return new FleetPage(filtered ? matching.size() : all.size(), offset, limit, shown.stream().map(MachineSummary::of).toList());
            }, system.executionContext());
        }, system.executionContext());
    }

    private CompletionStage<List<TwinState>> states(List<String> machineIds) {
        List<CompletableFuture<TwinState>> asks = machineIds.stream().map(id -> sharding.entityRefFor(MachineTwin.ENTITY_TYPE_KEY, id)
                .ask(MachineTwin.GetTwin::new, Responses.ASK_TIMEOUT).toCompletableFuture()).toList();
        return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
                .thenApplyAsync(nothing -> asks.stream().map(CompletableFuture::join).toList(), system.executionContext());
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
                .map(change -> ServerSentEvent.create(Responses.text(change), "fleet"))
                .keepAlive(settings.heartbeat(), ServerSentEvent::heartbeat);
        // Sent once subscribed: a client that has it misses no change made after it.
        events = Source.single(ServerSentEvent.create("{}", "open")).concat(events);
        return completeOK(events, EventStreamMarshalling.toEventStream());
    }
}
