package org.cnctwin.twin;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.cnctwin.machine.sim.Job;
import org.cnctwin.machine.sim.MachineSpec;
import org.cnctwin.machine.sim.SimulatedMachine;
import org.cnctwin.protocol.Alert;
import org.cnctwin.protocol.MachineEvent;
import org.cnctwin.protocol.MaintenanceAction;
import org.cnctwin.protocol.Severity;
import org.cnctwin.protocol.TelemetryBatch;
import org.cnctwin.protocol.TelemetrySample;
import org.cnctwin.twin.metrics.TwinMetrics;
import org.slf4j.MDC;

/**
 * The digital twin of one machine tool: a sharded, event-sourced entity (entity id = machine id)
 * whose state is the machine's latest report plus what the physics estimates (tool wear and life,
 * thermal growth, bearing life, vibration zone, availability), its active alerts and its forecasts.
 *
 * <p>Telemetry is persisted a batch per event, and only then fed to the two children, the
 * {@link AnomalyDetector} and the {@link MaintenancePlanner}; the reply comes after the persist,
 * so an ingest stream that acks its MQTT message on the reply is at least once. Sequence numbers
 * make a redelivered or late batch harmless: samples at or below the last one recorded are
 * acknowledged and ignored. The children's findings come back as {@link ReportFinding} and are
 * persisted as alerts and forecasts; a raise for a code that is already active is dropped, so a
 * detector cannot flood the journal.
 */
public final class MachineTwin {

    public static final EntityTypeKey<Command> ENTITY_TYPE_KEY = EntityTypeKey.create(Command.class, "MachineTwin");
    /**
     * A snapshot every this many events, two kept: recovery replays fewer events than this. Each
     * replayed event costs about 0.5 ms, so at 100 a twin replaying 99 recovered in 115–128 ms
     * (median); at 25, 71–73 ms (docs/benchmarks.md). A snapshot (3–8 KB) every 25 events of ~4.2 KB
     * adds up to 8 % to what the twin writes.
     */
    public static final int SNAPSHOT_EVERY_EVENTS = 25;

    private MachineTwin() {}

    // ================================================================ protocol

    public sealed interface Command extends CborSerializable {}

    /** Records a batch; the reply says how many samples were new. */
    public record RecordTelemetry(TelemetryBatch batch, ActorRef<StatusReply<Recorded>> replyTo) implements Command {}

    public record RecordMachineEvent(MachineEvent event, ActorRef<StatusReply<Recorded>> replyTo) implements Command {}

    public record GetTwin(ActorRef<State> replyTo) implements Command {}

    public record Configure(MachineConfiguration configuration, ActorRef<StatusReply<Done>> replyTo) implements Command {}

    /** @param toolNumber the tool for {@link MaintenanceAction#TOOL_REPLACED}, else 0 */
    public record RecordMaintenance(MaintenanceAction action, int toolNumber, String performedBy, String note,
                                    ActorRef<StatusReply<Done>> replyTo) implements Command {}

    public record AcknowledgeAlert(String alertId, String acknowledgedBy, String note, ActorRef<StatusReply<Done>> replyTo)
            implements Command {}

    /** From a child: something it found. */
    public record ReportFinding(Finding finding) implements Command {}

    /**
     * Sends {@code subscriber} a {@link TwinChanged} after every change until it stops or
     * unsubscribes. Subscribers live in memory only: one that outlives a passivation or a
     * rebalance subscribes again (subscribing twice is harmless).
     */
    public record Subscribe(ActorRef<TwinChanged> subscriber) implements Command {}

    public record Unsubscribe(ActorRef<TwinChanged> subscriber) implements Command {}

    private record SubscriberStopped(ActorRef<TwinChanged> subscriber) implements Command {}

    /** @param changes the simple names of the events just persisted, in order */
    public record TwinChanged(List<String> changes, State state) implements CborSerializable {}

    /** @param accepted samples (or events) that were new; duplicates were already recorded */
    public record Recorded(int accepted, int duplicates, long lastSequenceNumber) implements CborSerializable {}

    /** What the children find. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
    @JsonSubTypes({@JsonSubTypes.Type(AnomalyStarted.class), @JsonSubTypes.Type(AnomalyEnded.class), @JsonSubTypes.Type(ToolLifeForecast.class)})
    public sealed interface Finding extends CborSerializable {}

    /** A condition the detector watches has started: raise an alert unless one for {@code code} is active. */
    public record AnomalyStarted(String code, Severity severity, String source, String message, List<Alert.Evidence> evidence)
            implements Finding {}

    /** The condition behind {@code code} has ended. */
    public record AnomalyEnded(String code, String reason) implements Finding {}

    /** The planner's forecast for one tool edge. */
    public record ToolLifeForecast(int toolNumber, int edge, double flankWearMm, double remainingCuttingMin) implements Finding {}

    /**
     * What the children are fed after every persisted batch.
     *
     * @param activeAlertCodes what the twin holds active: a child that restarted (and forgot) can still end them
     */
    public record Observation(String machineId, List<TelemetrySample> samples, MachineEstimate estimate, MachineConfiguration configuration,
                              Set<String> activeAlertCodes) implements CborSerializable {

        public Observation {
            samples = List.copyOf(samples);
            activeAlertCodes = Set.copyOf(activeAlertCodes);
        }
    }

    // ================================================================ events

    public sealed interface Event extends CborSerializable {}

    /** Samples new to the twin, in sequence order. */
    public record TelemetryRecorded(List<TelemetrySample> samples) implements Event {}

    public record MachineEventRecorded(MachineEvent event) implements Event {}

    public record Configured(MachineConfiguration configuration) implements Event {}

    public record MaintenanceRecorded(MaintenanceAction action, int toolNumber, String performedBy, String note, Instant at) implements Event {}

    public record AlertRaised(String alertId, String code, Severity severity, String source, String message, List<Alert.Evidence> evidence,
                              Instant at) implements Event {}

    public record AlertAcknowledged(String alertId, String acknowledgedBy, String note, Instant at) implements Event {}

    public record AlertCleared(String alertId, String reason, Instant at) implements Event {}

    public record ToolLifeForecasted(ToolLifeForecast forecast, Instant at) implements Event {}

    // ================================================================ state

    /** An alert that is raised and not yet cleared (acknowledging it does not clear it). */
    public record ActiveAlert(String alertId, String code, Severity severity, String source, String message, List<Alert.Evidence> evidence,
                              Instant raisedAt, String acknowledgedBy, Instant acknowledgedAt) implements CborSerializable {}

    /**
     * The twin document.
     *
     * @param reported the newest sample, null before the first; a late sample is recorded in the history but never replaces it
     * @param samples the sample sequence numbers recorded
     * @param events the machine-event sequence numbers recorded (events have their own sequence)
     * @param version events applied since the twin began
     * @param alertsRaised how many alerts were ever raised: the next alert id
     */
    public record State(String machineId, MachineConfiguration configuration, TelemetrySample reported, SequenceTracker samples, SequenceTracker events,
                        MachineEstimate estimate, Map<String, ActiveAlert> activeAlerts, Map<Integer, ToolLifeForecast> forecasts,
                        long alertsRaised, long version, Instant updatedAt) implements CborSerializable {

        public State {
            activeAlerts = Map.copyOf(activeAlerts);
            forecasts = Map.copyOf(forecasts);
        }

        static State empty(String machineId) {
            return new State(machineId, MachineConfiguration.defaults(), null, SequenceTracker.EMPTY, SequenceTracker.EMPTY, MachineEstimate.initial(),
                    Map.of(), Map.of(), 0, 0, null);
        }

        public long lastSequenceNumber() {
            return reported == null ? 0 : reported.sequenceNumber();
        }

        public boolean hasActiveAlert(String code) {
            return activeAlerts.values().stream().anyMatch(alert -> alert.code().equals(code));
        }

        public Set<String> activeAlertCodes() {
            return activeAlerts.values().stream().map(ActiveAlert::code).collect(Collectors.toSet());
        }

        /** The worst active alert decides: critical, warning, or ok. */
        public String health() {
            return activeAlerts.values().stream().map(ActiveAlert::severity).max(Comparator.naturalOrder())
                    .map(severity -> severity == Severity.INFO ? "ok" : severity.name().toLowerCase(Locale.ROOT)).orElse("ok");
        }

        State apply(Event event) {
            if (event instanceof TelemetryRecorded recorded) {
                return withTelemetry(recorded.samples());
            }
            if (event instanceof MachineEventRecorded recorded) {
                return withMachineEvent(recorded.event());
            }
            if (event instanceof Configured configured) {
                return next(configured.configuration(), reported, samples, events, estimate, activeAlerts, forecasts, alertsRaised, updatedAt);
            }
            if (event instanceof MaintenanceRecorded maintenance) {
                return next(configuration, reported, samples, events, maintained(estimate, maintenance.action(), maintenance.toolNumber()),
                        activeAlerts, withoutForecast(maintenance.action(), maintenance.toolNumber()), alertsRaised, maintenance.at());
            }
            if (event instanceof ToolLifeForecasted forecasted) {
                Map<Integer, ToolLifeForecast> next = new TreeMap<>(forecasts);
                next.put(forecasted.forecast().toolNumber(), forecasted.forecast());
                return next(configuration, reported, samples, events, estimate, activeAlerts, next, alertsRaised, forecasted.at());
            }
            Map<String, ActiveAlert> alerts = new TreeMap<>(activeAlerts);
            if (event instanceof AlertRaised raised) {
                alerts.put(raised.alertId(), new ActiveAlert(raised.alertId(), raised.code(), raised.severity(), raised.source(), raised.message(),
                        raised.evidence(), raised.at(), null, null));
                return next(configuration, reported, samples, events, estimate, alerts, forecasts, alertsRaised + 1, raised.at());
            }
            if (event instanceof AlertAcknowledged acknowledged) {
                alerts.computeIfPresent(acknowledged.alertId(), (id, alert) -> new ActiveAlert(alert.alertId(), alert.code(), alert.severity(),
                        alert.source(), alert.message(), alert.evidence(), alert.raisedAt(), acknowledged.acknowledgedBy(), acknowledged.at()));
                return next(configuration, reported, samples, events, estimate, alerts, forecasts, alertsRaised, acknowledged.at());
            }
            AlertCleared cleared = (AlertCleared) event;
            alerts.remove(cleared.alertId());
            return next(configuration, reported, samples, events, estimate, alerts, forecasts, alertsRaised, cleared.at());
        }

        /** Integrates the samples newer than the reported one, in order; late ones only join the history. */
        private State withTelemetry(List<TelemetrySample> recorded) {
            MachineEstimate next = estimate;
            TelemetrySample newest = reported;
            for (TelemetrySample sample : recorded) {
                if (newest == null || sample.sequenceNumber() > newest.sequenceNumber()) {
                    next = next.observe(newest, sample, configuration);
                    newest = sample;
                }
            }
            SequenceTracker nextSamples = samples.with(recorded.stream().map(TelemetrySample::sequenceNumber).toList());
            return new State(machineId, configuration, newest, nextSamples, events, next, activeAlerts, forecasts, alertsRaised, version + 1,
                    newest == reported ? updatedAt : newest.timestamp());
        }

        private State withMachineEvent(MachineEvent event) {
            MachineEstimate next = estimate;
            Map<Integer, ToolLifeForecast> nextForecasts = forecasts;
            if (event.fact() instanceof MachineEvent.MaintenancePerformed maintenance) {
                next = maintained(estimate, maintenance.action(), maintenance.toolNumber());
                nextForecasts = withoutForecast(maintenance.action(), maintenance.toolNumber());
            }
            return new State(machineId, configuration, reported, samples, events.with(List.of(event.sequenceNumber())), next, activeAlerts,
                    nextForecasts, alertsRaised, version + 1, event.timestamp());
        }

        private static MachineEstimate maintained(MachineEstimate estimate, MaintenanceAction action, int toolNumber) {
            return switch (action) {
                case TOOL_REPLACED -> estimate.toolReplaced(toolNumber);
                case BEARING_REPLACED -> estimate.bearingReplaced();
                default -> estimate;
            };
        }

        private Map<Integer, ToolLifeForecast> withoutForecast(MaintenanceAction action, int toolNumber) {
            if (action != MaintenanceAction.TOOL_REPLACED) {
                return forecasts;
            }
            Map<Integer, ToolLifeForecast> next = new TreeMap<>(forecasts);
            next.remove(toolNumber);
            return next;
        }

        private State next(MachineConfiguration configuration, TelemetrySample reported, SequenceTracker samples, SequenceTracker events,
                           MachineEstimate estimate, Map<String, ActiveAlert> activeAlerts, Map<Integer, ToolLifeForecast> forecasts,
                           long alertsRaised, Instant updatedAt) {
            return new State(machineId, configuration, reported, samples, events, estimate, activeAlerts, forecasts, alertsRaised, version + 1,
                    updatedAt);
        }
    }

    // ================================================================ children

    /**
     * How a twin makes its children, each given the twin to report to. Production uses
     * {@link #standard()}; a test passes behaviours that forward to TestKit probes.
     */
    public record Children(Function<ActorRef<Command>, Behavior<Observation>> detector,
                           Function<ActorRef<Command>, Behavior<Observation>> planner) {

        public static Children standard() {
            return new Children(AnomalyDetector::create, MaintenancePlanner::create);
        }
    }

    // ================================================================ behaviour

    /** Registers the entity with sharding on this node, after warming what recovery reads with. */
    public static ActorRef<org.apache.pekko.cluster.sharding.typed.ShardingEnvelope<Command>> initSharding(ActorSystem<?> system, Children children) {
        warmUpJournal(system, warmUp(system));
        return ClusterSharding.get(system).init(Entity.of(ENTITY_TYPE_KEY, entity -> create(entity.getEntityId(), children)));
    }

    /**
     * Runs the recovery path before the node takes shards: a simulated machine's first minutes
     * ({@code cnc-twin.twin.warm-up-batches}, one batch a second), each event written and read by
     * the serializer and applied by the event handler, the state written and read as a snapshot
     * now and then. Without it the first twin to recover after a start took 0.3 s instead of ~70 ms,
     * the JIT compiling Jackson's readers and the estimate's integration (docs/benchmarks.md).
     *
     * @return the simulated machine's first events, for {@link #warmUpJournal}: one snapshot interval and the most events a
     *     twin replays after a snapshot (fewer when {@code warm-up-batches} is smaller)
     */
    static List<Event> warmUp(ActorSystem<?> system) {
        int batches = system.settings().config().getInt("cnc-twin.twin.warm-up-batches");
        long startNanos = System.nanoTime();
        Serialization serialization = SerializationExtension.get(system);
        MachineSpec spec = MachineSpec.VMC_3_AXIS;
        SimulatedMachine machine = new SimulatedMachine("warm-up", spec, Job.sample(), 1, Instant.EPOCH);
        List<Event> history = new ArrayList<>(WARM_UP_HISTORY_EVENTS);
        history.add(new Configured(MachineConfiguration.of(spec, Job.sample())));
        State state = State.empty("warm-up").apply(roundTrip(serialization, history.get(0)));
        TelemetryRecorded recorded = new TelemetryRecorded(List.of());
        for (int batch = 1; batch <= batches; batch++) {
            List<TelemetrySample> samples = new ArrayList<>(10);
            for (int sample = 0; sample < 10; sample++) {
                samples.add(machine.nextSample());
            }
            recorded = new TelemetryRecorded(samples);
            state = state.apply(roundTrip(serialization, recorded));
            if (history.size() < WARM_UP_HISTORY_EVENTS) {
                history.add(recorded);
            }
            for (MachineEvent event : machine.drainEvents()) {
                state = state.apply(roundTrip(serialization, new MachineEventRecorded(event)));
            }
            if (batch % SNAPSHOT_EVERY_EVENTS == 0) {
                state = roundTrip(serialization, state);
            }
        }
        int snapshotBytes = serialization.serialize(roundTrip(serialization, state)).get().length;
        system.log().info("Recovery path warmed up in {} ms ({} simulated batches; their twin's snapshot: {} bytes, an event of 10 samples: {} bytes)",
                (System.nanoTime() - startNanos) / 1_000_000, batches, snapshotBytes, serialization.serialize(recorded).get().length);
        return history;
    }

    /** A snapshot and the most events a twin replays after one: what the journal warm-up's twin keeps. */
    private static final int WARM_UP_HISTORY_EVENTS = 2 * SNAPSHOT_EVERY_EVENTS - 1;

    /**
     * Recovers a twin of its own ({@code MachineTwin|~warm-up}, an id no machine can have) before the
     * node takes shards, then stops it. The journal plugin prepares its statements on first use, and
     * reading a snapshot and events is cold code in the plugin and the driver: without this the first
     * twin to recover after a start paid for both (docs/benchmarks.md). The first node on a keyspace
     * writes that twin's history, a snapshot and the most events a twin replays after one, for the
     * starts after it.
     *
     * @return the events the twin had, 0 when it had none (or the journal did not answer in 30 s)
     */
    static long warmUpJournal(ActorSystem<?> system, List<Event> history) {
        long startNanos = System.nanoTime();
        CompletableFuture<Long> recovered = new CompletableFuture<>();
        ActorRef<List<Event>> probe = system.systemActorOf(new JournalProbe(recovered), "twin-journal-warm-up-" + startNanos, Props.empty());
        try {
            long events = recovered.get(30, TimeUnit.SECONDS);
            if (events == 0 && history.size() > SNAPSHOT_EVERY_EVENTS) {
                probe.tell(List.copyOf(history.subList(0, SNAPSHOT_EVERY_EVENTS))); // ends with a snapshot
                probe.tell(List.copyOf(history.subList(SNAPSHOT_EVERY_EVENTS, history.size())));
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
    private static final class JournalProbe extends EventSourcedBehavior<List<Event>, Event, State> {
        private final CompletableFuture<Long> recovered;

        JournalProbe(CompletableFuture<Long> recovered) {
            super(PersistenceId.of(ENTITY_TYPE_KEY.name(), "~warm-up"));
            this.recovered = recovered;
        }

        @Override
        public State emptyState() {
            return State.empty("~warm-up");
        }

        @Override
        public CommandHandler<List<Event>, Event, State> commandHandler() {
            return (state, events) -> events.isEmpty() ? Effect().stop() : Effect().persist(events);
        }

        @Override
        public EventHandler<State, Event> eventHandler() {
            return State::apply;
        }

        @Override
        public RetentionCriteria retentionCriteria() {
            return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY_EVENTS, 2);
        }

        @Override
        public SignalHandler<State> signalHandler() {
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

    public static Behavior<Command> create(String machineId, Children children) {
        return Behaviors.withMdc(Command.class, Map.of("machineId", machineId), Behaviors.setup(context -> {
            ActorRef<Observation> detector = context.spawn(supervised(children.detector().apply(context.getSelf())), "anomaly-detector");
            ActorRef<Observation> planner = context.spawn(supervised(children.planner().apply(context.getSelf())), "maintenance-planner");
            TwinMetrics.get(context.getSystem()).twinStarted();
            return new Twin(machineId, context, detector, planner);
        }));
    }

    /** One strategy object for every child of every twin: it holds no state, and 100,000 twins made 200,000 of it. */
    private static final SupervisorStrategy CHILD_RESTARTS = SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2);

    /** A child that fails starts again: losing a detector's memory is better than losing the twin. */
    private static Behavior<Observation> supervised(Behavior<Observation> child) {
        return Behaviors.supervise(child).onFailure(CHILD_RESTARTS);
    }

    private static final class Twin extends EventSourcedBehaviorWithEnforcedReplies<Command, Event, State> {

        private final String machineId;
        private final ActorContext<Command> context;
        private final ActorRef<Observation> detector;
        private final ActorRef<Observation> planner;
        /** Most twins never have a subscriber: no set is made until the first (100,000 twins, 6 MB). */
        private Set<ActorRef<TwinChanged>> subscribers = Set.of();
        private final TwinMetrics metrics;
        private final FleetChanges fleetChanges;
        /** When recovery began: the behaviour is made as the entity starts, just before it reads the journal. */
        private final long startedNanos = System.nanoTime();

        Twin(String machineId, ActorContext<Command> context, ActorRef<Observation> detector, ActorRef<Observation> planner) {
            super(PersistenceId.of(ENTITY_TYPE_KEY.name(), machineId));
            this.machineId = machineId;
            this.context = context;
            this.detector = detector;
            this.planner = planner;
            this.metrics = TwinMetrics.get(context.getSystem());
            this.fleetChanges = FleetChanges.get(context.getSystem());
        }

        @Override
        public State emptyState() {
            return State.empty(machineId);
        }

        @Override
        public RetentionCriteria retentionCriteria() {
            return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY_EVENTS, 2);
        }

        /**
         * One method that dispatches on the command's type, not Pekko's builder: the builder keeps
         * ten cases of two lambdas each for every twin, about 0.9 KB of each hot twin's heap. The
         * twin has one kind of state, so no handler depends on it.
         */
        @Override
        public CommandHandlerWithReply<Command, Event, State> commandHandler() {
            return this::onCommand;
        }

        private ReplyEffect<Event, State> onCommand(State state, Command command) {
            if (command instanceof RecordTelemetry record) {
                return recordTelemetry(state, record);
            }
            if (command instanceof RecordMachineEvent record) {
                return recordMachineEvent(state, record);
            }
            if (command instanceof ReportFinding report) {
                return reportFinding(state, report);
            }
            if (command instanceof GetTwin get) {
                return Effect().reply(get.replyTo(), state);
            }
            if (command instanceof Configure configure) {
                return persist(state, List.of(new Configured(configure.configuration())))
                        .thenReply(configure.replyTo(), next -> StatusReply.ack());
            }
            if (command instanceof RecordMaintenance maintenance) {
                return persist(state, List.of(new MaintenanceRecorded(maintenance.action(), maintenance.toolNumber(), maintenance.performedBy(),
                        maintenance.note(), Instant.now())))
                        .thenReply(maintenance.replyTo(), next -> StatusReply.ack());
            }
            if (command instanceof AcknowledgeAlert acknowledge) {
                return acknowledgeAlert(state, acknowledge);
            }
            if (command instanceof Subscribe subscribe) {
                return subscribe(state, subscribe.subscriber());
            }
            if (command instanceof Unsubscribe unsubscribe) {
                return unsubscribe(unsubscribe.subscriber());
            }
            return unsubscribe(((SubscriberStopped) command).subscriber()); // Command is sealed: nothing else is left
        }

        private ReplyEffect<Event, State> subscribe(State state, ActorRef<TwinChanged> subscriber) {
            if (subscribers.isEmpty()) {
                subscribers = new HashSet<>(4);
            }
            if (subscribers.add(subscriber)) {
                context.watchWith(subscriber, new SubscriberStopped(subscriber));
            }
            subscriber.tell(new TwinChanged(List.of(), state)); // where the stream starts from
            return Effect().noReply();
        }

        private ReplyEffect<Event, State> unsubscribe(ActorRef<TwinChanged> subscriber) {
            if (!subscribers.isEmpty() && subscribers.remove(subscriber)) {
                context.unwatch(subscriber);
            }
            return Effect().noReply();
        }

        /**
         * Persists, then tells the subscribers what changed and the fleet what changed its alerts.
         * Every persist goes through here.
         */
        private EffectBuilder<Event, State> persist(State before, List<Event> events) {
            return Effect().persist(events).thenRun(next -> announce(before, events, next));
        }

        private void announce(State before, List<Event> events, State next) {
            if (!subscribers.isEmpty()) {
                TwinChanged changed = new TwinChanged(events.stream().map(event -> event.getClass().getSimpleName()).toList(), next);
                subscribers.forEach(subscriber -> subscriber.tell(changed));
            }
            for (Event event : events) {
                String alertId = event instanceof AlertRaised raised ? raised.alertId()
                        : event instanceof AlertAcknowledged acknowledged ? acknowledged.alertId()
                        : event instanceof AlertCleared cleared ? cleared.alertId() : null;
                if (alertId != null) {
                    ActiveAlert alert = next.activeAlerts().getOrDefault(alertId, before.activeAlerts().get(alertId));
                    if (event instanceof AlertRaised raised) {
                        metrics.alertRaised(raised.severity());
                    }
                    fleetChanges.publish(new FleetChanges.FleetChange(machineId, event.getClass().getSimpleName(), next.health(), alert,
                            next.updatedAt() == null ? Instant.now() : next.updatedAt()));
                }
            }
        }

        @Override
        public SignalHandler<State> signalHandler() {
            return newSignalHandlerBuilder()
                    .onSignal(RecoveryCompleted.instance(), state -> metrics.twinRecovered(Duration.ofNanos(System.nanoTime() - startedNanos)))
                    .onSignal(PostStop.instance(), state -> metrics.twinStopped())
                    .build();
        }

        private ReplyEffect<Event, State> recordTelemetry(State state, RecordTelemetry command) {
            List<TelemetrySample> fresh = new ArrayList<>(command.batch().samples().size());
            for (TelemetrySample sample : command.batch().samples()) {
                if (!state.samples().contains(sample.sequenceNumber())) {
                    fresh.add(sample); // the codec guarantees increasing numbers within a batch
                }
            }
            int duplicates = command.batch().samples().size() - fresh.size();
            if (fresh.isEmpty()) {
                return Effect().reply(command.replyTo(), StatusReply.success(new Recorded(0, duplicates, state.lastSequenceNumber())));
            }
            return persist(state, List.of(new TelemetryRecorded(fresh)))
                    .thenRun(next -> {
                        Observation observation = new Observation(machineId, fresh, next.estimate(), next.configuration(), next.activeAlertCodes());
                        detector.tell(observation);
                        planner.tell(observation);
                    })
                    .thenReply(command.replyTo(), next -> StatusReply.success(new Recorded(fresh.size(), duplicates, next.lastSequenceNumber())));
        }

        private ReplyEffect<Event, State> recordMachineEvent(State state, RecordMachineEvent command) {
            if (state.events().contains(command.event().sequenceNumber())) {
                return Effect().reply(command.replyTo(), StatusReply.success(new Recorded(0, 1, command.event().sequenceNumber())));
            }
            return persist(state, List.of(new MachineEventRecorded(command.event())))
                    .thenReply(command.replyTo(), next -> StatusReply.success(new Recorded(1, 0, command.event().sequenceNumber())));
        }

        private ReplyEffect<Event, State> acknowledgeAlert(State state, AcknowledgeAlert command) {
            ActiveAlert alert = state.activeAlerts().get(command.alertId());
            if (alert == null) {
                return Effect().reply(command.replyTo(), StatusReply.error("machine " + machineId + " has no active alert " + command.alertId()
                        + "; active: " + state.activeAlerts().keySet()));
            }
            if (alert.acknowledgedBy() != null) {
                return Effect().reply(command.replyTo(), StatusReply.ack()); // acknowledging twice changes nothing
            }
            return persist(state, List.of(new AlertAcknowledged(command.alertId(), command.acknowledgedBy(), command.note(), Instant.now())))
                    .thenReply(command.replyTo(), next -> StatusReply.ack());
        }

        private ReplyEffect<Event, State> reportFinding(State state, ReportFinding command) {
            Instant now = state.updatedAt() == null ? Instant.now() : state.updatedAt();
            Finding finding = command.finding();
            if (finding instanceof AnomalyStarted started) {
                if (state.hasActiveAlert(started.code())) {
                    return Effect().noReply();
                }
                return persist(state, List.of(new AlertRaised(machineId + "-" + (state.alertsRaised() + 1), started.code(), started.severity(),
                                started.source(), started.message(), started.evidence(), now)))
                        .thenRun(next -> {
                            // After a persist the twin runs on the journal's reply, which withMdc does not see: set machineId here.
                            try (MDC.MDCCloseable mdc = MDC.putCloseable("machineId", machineId)) {
                                context.getLog().info("alert {} {}: {}", started.severity(), started.code(), started.message());
                            }
                        })
                        .thenNoReply();
            }
            if (finding instanceof AnomalyEnded ended) {
                List<Event> clears = state.activeAlerts().values().stream()
                        .filter(alert -> alert.code().equals(ended.code()))
                        .<Event>map(alert -> new AlertCleared(alert.alertId(), ended.reason(), now))
                        .toList();
                return clears.isEmpty() ? Effect().noReply() : persist(state, clears).thenNoReply();
            }
            return persist(state, List.of(new ToolLifeForecasted((ToolLifeForecast) finding, now))).thenNoReply();
        }

        /** A method reference capturing nothing: one object for all twins, where a builder made several per twin. */
        @Override
        public EventHandler<State, Event> eventHandler() {
            return State::apply;
        }
    }
}
