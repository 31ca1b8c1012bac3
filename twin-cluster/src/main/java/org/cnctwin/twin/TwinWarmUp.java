package org.cnctwin.twin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.cnctwin.machine.sim.Job;
import org.cnctwin.machine.sim.MachineSpec;
import org.cnctwin.machine.sim.SimulatedMachine;
import org.cnctwin.protocol.MachineEvent;
import org.cnctwin.protocol.TelemetrySample;

/**
 * What a node runs before it takes shards, so that the first twins to recover after a start do
 * not pay for a cold JVM and a cold journal (docs/benchmarks.md): the recovery path in this JVM
 * ({@link #warmUp}), then a twin of the node's own read from the journal ({@link #warmUpJournal}).
 */
final class TwinWarmUp {

    /** The journal warm-up's twin: an id no machine can have (machine ids are letters, digits, _ and -), so it never reaches the read side. */
    static final String WARM_UP_TWIN = "~warm-up";

    /** A snapshot and the most events a twin replays after one: what the journal warm-up's twin keeps. */
    private static final int HISTORY_EVENTS = 2 * MachineTwin.SNAPSHOT_EVERY_EVENTS - 1;

    private TwinWarmUp() {}

    /**
     * Runs the recovery path: a simulated machine's first minutes ({@code cnc-twin.twin.warm-up-batches},
     * one batch a second), each event written and read by the serializer and applied by the event
     * handler, the state written and read as a snapshot now and then. Without it the first twin to
     * recover after a start took 0.3 s instead of ~70 ms, the JIT compiling Jackson's readers and
     * the estimate's integration.
     *
     * @return the simulated machine's first events, for {@link #warmUpJournal}: one snapshot interval and the most events a
     *     twin replays after a snapshot (fewer when {@code warm-up-batches} is smaller)
     */
    static List<TwinEvent> warmUp(ActorSystem<?> system) {
        int batches = system.settings().config().getInt("cnc-twin.twin.warm-up-batches");
        long startNanos = System.nanoTime();
        Serialization serialization = SerializationExtension.get(system);
        MachineSpec spec = MachineSpec.VMC_3_AXIS;
        SimulatedMachine machine = new SimulatedMachine("warm-up", spec, Job.sample(), 1, Instant.EPOCH);
        List<TwinEvent> history = new ArrayList<>(HISTORY_EVENTS);
        history.add(new TwinEvent.Configured(MachineConfiguration.of(spec, Job.sample())));
        TwinState state = TwinState.empty("warm-up").apply(roundTrip(serialization, history.get(0)));
        TwinEvent.TelemetryRecorded recorded = new TwinEvent.TelemetryRecorded(List.of());
        for (int batch = 1; batch <= batches; batch++) {
            List<TelemetrySample> samples = new ArrayList<>(10);
            for (int sample = 0; sample < 10; sample++) {
                samples.add(machine.nextSample());
            }
            recorded = new TwinEvent.TelemetryRecorded(samples);
            state = state.apply(roundTrip(serialization, recorded));
            if (history.size() < HISTORY_EVENTS) {
                history.add(recorded);
            }
            for (MachineEvent event : machine.drainEvents()) {
                state = state.apply(roundTrip(serialization, new TwinEvent.MachineEventRecorded(event)));
            }
            if (batch % MachineTwin.SNAPSHOT_EVERY_EVENTS == 0) {
                state = roundTrip(serialization, state);
            }
        }
        int snapshotBytes = serialization.serialize(roundTrip(serialization, state)).get().length;
        system.log().info("Recovery path warmed up in {} ms ({} simulated batches; their twin's snapshot: {} bytes, an event of 10 samples: {} bytes)",
                (System.nanoTime() - startNanos) / 1_000_000, batches, snapshotBytes, serialization.serialize(recorded).get().length);
        return history;
    }

    /**
     * Recovers a twin of the node's own ({@code MachineTwin|~warm-up}) before the node takes shards,
     * then stops it. The journal plugin prepares its statements on first use, and reading a
     * snapshot and events is cold code in the plugin and the driver: without this the first twin to
     * recover after a start paid for both. The first node on a keyspace writes that twin's history,
     * a snapshot and the most events a twin replays after one, for the starts after it. The
     * warm-up twin is untagged, so the read side never sees it.
     *
     * @return the events the twin had, 0 when it had none (or the journal did not answer in 30 s)
     */
    static long warmUpJournal(ActorSystem<?> system, List<TwinEvent> history) {
        long startNanos = System.nanoTime();
        CompletableFuture<Long> recovered = new CompletableFuture<>();
        ActorRef<List<TwinEvent>> probe = system.systemActorOf(new JournalProbe(recovered), "twin-journal-warm-up-" + startNanos, Props.empty());
        try {
            long events = recovered.get(30, TimeUnit.SECONDS);
            if (events == 0 && history.size() > MachineTwin.SNAPSHOT_EVERY_EVENTS) {
                probe.tell(List.copyOf(history.subList(0, MachineTwin.SNAPSHOT_EVERY_EVENTS))); // ends with a snapshot
                probe.tell(List.copyOf(history.subList(MachineTwin.SNAPSHOT_EVERY_EVENTS, history.size())));
            }
            system.log().info("Journal read path warmed up in {} ms (a twin of {} events recovered{})", (System.nanoTime() - startNanos) / 1_000_000,
                    events, events == 0 ? "; its history written for the next start" : "");
            return events;
        } catch (Exception e) {
            system.log().warn("Journal warm-up did not complete ({}); the first twin to recover will be slower", e.toString());
            return 0;
        } finally {
            probe.tell(List.of());
        }
    }

    /** Recovers, reports how many events it has, persists the events it is sent; an empty list stops it. */
    private static final class JournalProbe extends EventSourcedBehavior<List<TwinEvent>, TwinEvent, TwinState> {
        private final CompletableFuture<Long> recovered;

        JournalProbe(CompletableFuture<Long> recovered) {
            super(PersistenceId.of(MachineTwin.ENTITY_TYPE_KEY.name(), WARM_UP_TWIN));
            this.recovered = recovered;
        }

        @Override
        public TwinState emptyState() {
            return TwinState.empty(WARM_UP_TWIN);
        }

        @Override
        public CommandHandler<List<TwinEvent>, TwinEvent, TwinState> commandHandler() {
            return (state, events) -> events.isEmpty() ? Effect().stop() : Effect().persist(events);
        }

        @Override
        public EventHandler<TwinState, TwinEvent> eventHandler() {
            return TwinState::apply;
        }

        @Override
        public RetentionCriteria retentionCriteria() {
            return RetentionCriteria.snapshotEvery(MachineTwin.SNAPSHOT_EVERY_EVENTS, 2);
        }

        @Override
        public SignalHandler<TwinState> signalHandler() {
            return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), state -> recovered.complete(state.version())).build();
        }
    }

    private static <T> T roundTrip(Serialization serialization, T value) {
        Serializer serializer = serialization.findSerializerFor(value);
        String manifest = Serializers.manifestFor(serializer, value);
        @SuppressWarnings("unchecked")
        T read = (T) serialization.deserialize(serializer.toBinary(value), serializer.identifier(), manifest).get();
        return read;
    }
}
