package org.cnctwin.twin.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSource;
import org.cnctwin.twin.MachineTwin;
import org.cnctwin.twin.TwinState;
import org.cnctwin.twin.api.EventType;
import org.cnctwin.twin.api.TwinDocument;
import org.cnctwin.twin.metrics.TwinMetrics;

/** One machine's twin: its document now ({@code getMachine}) and as it changes ({@code streamMachine}, Server-Sent Events). */
final class MachineRoutes extends AllDirectives {

    /** Changes listed in one merged machine-stream event; older ones are summarised by the state itself. */
    private static final int MAX_MERGED_CHANGES = 100;
    /** A machine stream subscribes again this often, so it survives its twin moving to another node. */
    private static final Duration RESUBSCRIBE_EVERY = Duration.ofSeconds(20);

    /** What a stream event says: the changes' documented names and the state after them. */
    private record Change(List<String> changes, TwinState state) {}

    /** The body of one {@code twin} event of the stream (OpenAPI: streamMachine). */
    record StreamedTwin(List<String> changes, TwinDocument twin) {}

    private final ActorSystem<?> system;
    private final ClusterSharding sharding;
    private final TwinMetrics metrics;
    private final Duration heartbeat;

    MachineRoutes(ActorSystem<?> system, Duration heartbeat) {
        this.system = system;
        this.sharding = ClusterSharding.get(system);
        this.metrics = TwinMetrics.get(system);
        this.heartbeat = heartbeat;
    }

    Route twin(String machineId) {
        CompletionStage<TwinState> state = sharding.entityRefFor(MachineTwin.ENTITY_TYPE_KEY, machineId).ask(MachineTwin.GetTwin::new,
                Responses.ASK_TIMEOUT);
        return onSuccess(state, twin -> Responses.json(StatusCodes.OK, TwinDocument.of(twin)));
    }

    /**
     * The twin's changes as they are persisted. The stream never slows the twin: the twin tells,
     * and what a slow client has not read yet is merged into one event with the newest state.
     */
    Route stream(String machineId) {
        EntityRef<MachineTwin.Command> twin = sharding.entityRefFor(MachineTwin.ENTITY_TYPE_KEY, machineId);
        Source<ServerSentEvent, NotUsed> events = ActorSource.<MachineTwin.TwinChanged>actorRef(change -> false, change -> Optional.empty(), 16,
                        OverflowStrategy.dropHead())
                .watchTermination((subscriber, done) -> {
                    metrics.sseClientOpened("machine");
                    twin.tell(new MachineTwin.Subscribe(subscriber));
                    Cancellable resubscribe = system.scheduler().scheduleAtFixedRate(RESUBSCRIBE_EVERY, RESUBSCRIBE_EVERY,
                            () -> twin.tell(new MachineTwin.Subscribe(subscriber)), system.executionContext());
                    done.whenComplete((finished, failure) -> {
                        resubscribe.cancel();
                        twin.tell(new MachineTwin.Unsubscribe(subscriber));
                        metrics.sseClientClosed("machine");
                    });
                    return NotUsed.getInstance();
                })
                .map(changed -> new Change(changed.events().stream().map(event -> EventType.of(event).apiName).toList(), changed.state()))
                .conflateWithSeed(change -> change, (older, newer) -> {
                    metrics.sseDropped("machine");
                    List<String> changes = new ArrayList<>(older.changes());
                    changes.addAll(newer.changes());
                    return new Change(changes.subList(Math.max(0, changes.size() - MAX_MERGED_CHANGES), changes.size()), newer.state());
                })
                .map(change -> ServerSentEvent.create(Responses.text(new StreamedTwin(change.changes(), TwinDocument.of(change.state()))), "twin"))
                .keepAlive(heartbeat, ServerSentEvent::heartbeat);
        return completeOK(events, EventStreamMarshalling.toEventStream());
    }
}
