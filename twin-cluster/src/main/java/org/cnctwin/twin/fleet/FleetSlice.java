package org.cnctwin.twin.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.cassandra.javadsl.CassandraProjection;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.GroupedProjection;
import org.cnctwin.twin.CborSerializable;
import org.cnctwin.twin.FleetChanges;
import org.cnctwin.twin.TwinEvent;
import org.cnctwin.twin.metrics.TwinMetrics;

/**
 * One slice of the fleet view, run as an instance of a sharded daemon process so the slices
 * spread over the nodes: it loads its machines' entries from Cassandra, then runs the projection
 * of its tag ({@link FleetViewHandler}) and answers fleet requests from those entries, in memory.
 * It registers with the receptionist only once loaded; until then (and while it moves to another
 * node) {@link FleetView} reads the slice from Cassandra instead.
 */
public final class FleetSlice {

    /** The projection of each slice: {@code fleet-view} over the tag {@code fleet-<n>}; its offsets are in Cassandra. */
    static final String PROJECTION_NAME = "fleet-view";
    /** A slice that failed (its entries did not load, its projection stopped) starts again. */
    private static final SupervisorStrategy RESTARTS = SupervisorStrategy.restartWithBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2);

    private FleetSlice() {}

    public sealed interface Command extends CborSerializable {}

    /** The slice's matches of a fleet request. */
    public record FindMatches(FleetQuery query, ActorRef<FleetQuery.Matches> replyTo) implements Command {}

    /** The entries of these machines of the slice, in the order asked; unknown ones are left out. */
    public record GetEntries(List<String> machineIds, ActorRef<Entries> replyTo) implements Command {}

    public record Entries(int slice, List<FleetEntry> entries) implements CborSerializable {}

    /** Whether the fleet view has seen an event of this machine. */
    public record Knows(String machineId, ActorRef<Boolean> replyTo) implements Command {}

    /** The sharded daemon process's stop message: the slice moves to another node, or the node leaves. */
    public record Stop() implements Command {}

    private record Loaded(List<FleetEntry> entries) implements Command {}

    private record LoadFailed(Throwable cause) implements Command {}

    private record ProjectionStopped() implements Command {}

    /** Each slice's key with the receptionist. */
    static ServiceKey<Command> key(int slice) {
        return ServiceKey.create(Command.class, "fleet-view-slice-" + slice);
    }

    static Behavior<Command> create(int slice, FleetViewStore store, Instant epoch, ReadSideSettings settings) {
        return Behaviors.supervise(Behaviors.setup((ActorContext<Command> context) -> {
            context.pipeToSelf(store.load(slice), (entries, failure) -> failure == null ? new Loaded(entries) : new LoadFailed(failure));
            return Behaviors.receive(Command.class)
                    .onMessage(Loaded.class, loaded -> running(context, slice, loaded.entries(), store, epoch, settings))
                    .onMessage(LoadFailed.class, failed -> {
                        throw new IllegalStateException("fleet view slice " + slice + " did not load from Cassandra", failed.cause());
                    })
                    .onMessage(Stop.class, stop -> Behaviors.stopped())
                    .build(); // queries cannot come yet: the slice registers once loaded
        })).onFailure(RESTARTS);
    }

    private static Behavior<Command> running(ActorContext<Command> context, int slice, List<FleetEntry> loaded, FleetViewStore store, Instant epoch,
                                             ReadSideSettings settings) {
        ConcurrentNavigableMap<String, FleetEntry> entries = new ConcurrentSkipListMap<>();
        loaded.forEach(entry -> entries.put(entry.machineId(), entry));
        TwinMetrics metrics = TwinMetrics.get(context.getSystem());
        String tag = FleetTags.get(context.getSystem()).tag(slice);
        GroupedProjection<org.apache.pekko.persistence.query.Offset, org.apache.pekko.projection.eventsourced.EventEnvelope<TwinEvent>> projection =
                CassandraProjection.groupedWithin(ProjectionId.of(PROJECTION_NAME, tag),
                                new FromEpoch(EventSourcedProvider.eventsByTag(context.getSystem(), CassandraReadJournal.Identifier(), tag), epoch),
                                () -> new FleetViewHandler(slice, entries, store, metrics, FleetChanges.get(context.getSystem())))
                        .withGroup(settings.groupEnvelopes(), settings.groupWithin())
                        .withRestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2);
        ActorRef<ProjectionBehavior.Command> running = context.spawn(ProjectionBehavior.create(projection), "projection");
        context.watchWith(running, new ProjectionStopped());
        context.getSystem().receptionist().tell(Receptionist.register(key(slice), context.getSelf()));
        metrics.fleetViewSliceStarted();
        context.getLog().info("Fleet view slice {} runs here: {} machines loaded, projection of tag {} started", slice, entries.size(), tag);
        return Behaviors.receive(Command.class)
                .onMessage(FindMatches.class, find -> {
                    find.replyTo().tell(find.query().matchesIn(slice, entries.values()));
                    return Behaviors.same();
                })
                .onMessage(GetEntries.class, get -> {
                    List<FleetEntry> found = new ArrayList<>(get.machineIds().size());
                    get.machineIds().forEach(id -> {
                        FleetEntry entry = entries.get(id);
                        if (entry != null) {
                            found.add(entry);
                        }
                    });
                    get.replyTo().tell(new Entries(slice, found));
                    return Behaviors.same();
                })
                .onMessage(Knows.class, knows -> {
                    knows.replyTo().tell(entries.containsKey(knows.machineId()));
                    return Behaviors.same();
                })
                .onMessage(Stop.class, stop -> {
                    context.getSystem().receptionist().tell(Receptionist.deregister(key(slice), context.getSelf()));
                    running.tell(ProjectionBehavior.stopMessage()); // its last group's offset saved; this slice stops when it has
                    return Behaviors.receive(Command.class).onMessage(ProjectionStopped.class, stopped -> {
                        metrics.fleetViewSliceStopped();
                        return Behaviors.stopped();
                    }).build();
                })
                .onMessage(ProjectionStopped.class, stopped -> {
                    metrics.fleetViewSliceStopped();
                    throw new IllegalStateException("the projection of fleet view slice " + slice + " stopped");
                })
                .build();
    }
}
