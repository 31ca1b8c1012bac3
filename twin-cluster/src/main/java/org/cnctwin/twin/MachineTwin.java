package org.cnctwin.twin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.cnctwin.protocol.MachineEvent;
import org.cnctwin.protocol.MaintenanceAction;
import org.cnctwin.protocol.TelemetryBatch;
import org.cnctwin.protocol.TelemetrySample;
import org.cnctwin.twin.TwinEvent.AlertAcknowledged;
import org.cnctwin.twin.TwinEvent.AlertRaised;
import org.cnctwin.twin.TwinEvent.Configured;
import org.cnctwin.twin.TwinEvent.MachineEventRecorded;
import org.cnctwin.twin.TwinEvent.MaintenanceRecorded;
import org.cnctwin.twin.TwinEvent.TelemetryRecorded;
import org.cnctwin.twin.fleet.FleetTags;
import org.cnctwin.twin.metrics.TwinMetrics;
import org.slf4j.MDC;

/**
 * The digital twin of one machine tool: a sharded, event-sourced entity (entity id = machine id).
 * Its protocol is nested here; what it records is {@link TwinEvent}, what it knows is
 * {@link TwinState}, and its two children, the {@link AnomalyDetector} and the
 * {@link MaintenancePlanner}, are made by {@link TwinChildren}.
 *
 * <p>Telemetry is persisted a batch per event, and only then fed to the children; the reply comes
 * after the persist, so an ingest stream that acks its MQTT message on the reply is at least once.
 * Sequence numbers make a redelivered or late batch harmless: samples already recorded are
 * acknowledged and ignored. The children's {@link Finding}s come back as {@link ReportFinding} and
 * are persisted as alerts and forecasts; a raise for a code that is already active is dropped, so a
 * detector cannot flood the journal. Events carry their slice's tag for the read side as
 * {@link FleetTags} decides.
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

    public record GetTwin(ActorRef<TwinState> replyTo) implements Command {}

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

    /** @param events the events just persisted, in order; none in the first message, which gives the state a subscriber starts from */
    public record TwinChanged(List<TwinEvent> events, TwinState state) implements CborSerializable {}

    /** @param accepted samples (or events) that were new; duplicates were already recorded */
    public record Recorded(int accepted, int duplicates, long lastSequenceNumber) implements CborSerializable {}

    // ================================================================ behaviour

    /** Registers the entity with sharding on this node, after warming what recovery reads with ({@link TwinWarmUp}). */
    public static ActorRef<ShardingEnvelope<Command>> initSharding(ActorSystem<?> system, TwinChildren children) {
        TwinWarmUp.warmUpJournal(system, TwinWarmUp.warmUp(system));
        return ClusterSharding.get(system).init(Entity.of(ENTITY_TYPE_KEY, entity -> create(entity.getEntityId(), children)));
    }

    public static Behavior<Command> create(String machineId, TwinChildren children) {
        return Behaviors.withMdc(Command.class, Map.of("machineId", machineId), Behaviors.setup(context -> {
            ActorRef<Observation> detector = context.spawn(TwinChildren.supervised(children.detector().apply(context.getSelf())), "anomaly-detector");
            ActorRef<Observation> planner = context.spawn(TwinChildren.supervised(children.planner().apply(context.getSelf())), "maintenance-planner");
            TwinMetrics.get(context.getSystem()).twinStarted();
            return new Twin(machineId, context, detector, planner);
        }));
    }

    /**
     * A write the journal refused (Cassandra down or overloaded) restarts the twin, which recovers
     * from what was written, after a growing pause: without it the twin would stop, and every
     * redelivery would start it, fail and stop it again at once.
     */
    static final BackoffSupervisorStrategy PERSIST_FAILURE_BACKOFF = SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200),
            Duration.ofSeconds(10), 0.2);

    private static final class Twin extends EventSourcedBehaviorWithEnforcedReplies<Command, TwinEvent, TwinState> {

        private final String machineId;
        private final ActorContext<Command> context;
        private final ActorRef<Observation> detector;
        private final ActorRef<Observation> planner;
        /** Most twins never have a subscriber: no set is made until the first (100,000 twins, 6 MB). */
        private Set<ActorRef<TwinChanged>> subscribers = Set.of();
        private final TwinMetrics metrics;
        private final FleetTags fleetTags;
        /** The newest sample of the last telemetry event the read side was given (tagged) since this twin started. */
        private TelemetrySample lastTaggedReport;
        /** When recovery began: the behaviour is made as the entity starts, just before it reads the journal. */
        private final long startedNanos = System.nanoTime();

        Twin(String machineId, ActorContext<Command> context, ActorRef<Observation> detector, ActorRef<Observation> planner) {
            super(PersistenceId.of(ENTITY_TYPE_KEY.name(), machineId), PERSIST_FAILURE_BACKOFF);
            this.machineId = machineId;
            this.context = context;
            this.detector = detector;
            this.planner = planner;
            this.metrics = TwinMetrics.get(context.getSystem());
            this.fleetTags = FleetTags.get(context.getSystem());
        }

        @Override
        public TwinState emptyState() {
            return TwinState.empty(machineId);
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
        public CommandHandlerWithReply<Command, TwinEvent, TwinState> commandHandler() {
            return this::onCommand;
        }

        private ReplyEffect<TwinEvent, TwinState> onCommand(TwinState state, Command command) {
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
                return persist(List.of(new Configured(configure.configuration())))
                        .thenReply(configure.replyTo(), next -> StatusReply.ack());
            }
            if (command instanceof RecordMaintenance maintenance) {
                return persist(List.of(new MaintenanceRecorded(maintenance.action(), maintenance.toolNumber(), maintenance.performedBy(),
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

        private ReplyEffect<TwinEvent, TwinState> subscribe(TwinState state, ActorRef<TwinChanged> subscriber) {
            if (subscribers.isEmpty()) {
                subscribers = new HashSet<>(4);
            }
            if (subscribers.add(subscriber)) {
                context.watchWith(subscriber, new SubscriberStopped(subscriber));
            }
            subscriber.tell(new TwinChanged(List.of(), state)); // where the stream starts from
            return Effect().noReply();
        }

        private ReplyEffect<TwinEvent, TwinState> unsubscribe(ActorRef<TwinChanged> subscriber) {
            if (!subscribers.isEmpty() && subscribers.remove(subscriber)) {
                context.unwatch(subscriber);
            }
            return Effect().noReply();
        }

        /** Persists, then tells the subscribers what changed. Every persist goes through here. */
        private EffectBuilder<TwinEvent, TwinState> persist(List<TwinEvent> events) {
            return Effect().persist(events).thenRun(next -> announce(events, next));
        }

        private void announce(List<TwinEvent> events, TwinState next) {
            if (!subscribers.isEmpty()) {
                TwinChanged changed = new TwinChanged(events, next);
                subscribers.forEach(subscriber -> subscriber.tell(changed));
            }
            for (TwinEvent event : events) {
                if (event instanceof AlertRaised raised) {
                    metrics.alertRaised(raised.severity());
                }
            }
        }

        /** What the read side sees of each event (FleetTags): every change of what the fleet view shows. */
        @Override
        public Set<String> tagsFor(TwinEvent event) {
            Set<String> tags = fleetTags.tagsFor(machineId, event, lastTaggedReport);
            if (event instanceof TelemetryRecorded recorded && !tags.isEmpty()) {
                lastTaggedReport = FleetTags.newest(recorded);
            }
            return tags;
        }

        @Override
        public SignalHandler<TwinState> signalHandler() {
            return newSignalHandlerBuilder()
                    .onSignal(RecoveryCompleted.instance(), state -> metrics.twinRecovered(Duration.ofNanos(System.nanoTime() - startedNanos)))
                    .onSignal(PostStop.instance(), state -> metrics.twinStopped())
                    .build();
        }

        private ReplyEffect<TwinEvent, TwinState> recordTelemetry(TwinState state, RecordTelemetry command) {
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
            return persist(List.of(new TelemetryRecorded(fresh)))
                    .thenRun(next -> {
                        Observation observation = new Observation(machineId, fresh, next.estimate(), next.configuration(), next.activeAlertCodes());
                        detector.tell(observation);
                        planner.tell(observation);
                    })
                    .thenReply(command.replyTo(), next -> StatusReply.success(new Recorded(fresh.size(), duplicates, next.lastSequenceNumber())));
        }

        private ReplyEffect<TwinEvent, TwinState> recordMachineEvent(TwinState state, RecordMachineEvent command) {
            if (state.events().contains(command.event().sequenceNumber())) {
                return Effect().reply(command.replyTo(), StatusReply.success(new Recorded(0, 1, command.event().sequenceNumber())));
            }
            return persist(List.of(new MachineEventRecorded(command.event())))
                    .thenReply(command.replyTo(), next -> StatusReply.success(new Recorded(1, 0, command.event().sequenceNumber())));
        }

        private ReplyEffect<TwinEvent, TwinState> acknowledgeAlert(TwinState state, AcknowledgeAlert command) {
            TwinState.ActiveAlert alert = state.activeAlerts().get(command.alertId());
            if (alert == null) {
                return Effect().reply(command.replyTo(), StatusReply.error("machine " + machineId + " has no active alert " + command.alertId()
                        + "; active: " + state.activeAlerts().keySet()));
            }
            if (alert.acknowledgedBy() != null) {
                return Effect().reply(command.replyTo(), StatusReply.ack()); // acknowledging twice changes nothing
            }
            return persist(List.of(new AlertAcknowledged(command.alertId(), command.acknowledgedBy(), command.note(), Instant.now())))
                    .thenReply(command.replyTo(), next -> StatusReply.ack());
        }

        private ReplyEffect<TwinEvent, TwinState> reportFinding(TwinState state, ReportFinding command) {
            List<TwinEvent> events = state.eventsFor(command.finding(), state.updatedAt() == null ? Instant.now() : state.updatedAt());
            if (events.isEmpty()) {
                return Effect().noReply();
            }
            return persist(events).thenRun(next -> {
                if (events.get(0) instanceof AlertRaised raised) {
                    // After a persist the twin runs on the journal's reply, which withMdc does not see: set machineId here.
                    try (MDC.MDCCloseable mdc = MDC.putCloseable("machineId", machineId)) {
                        context.getLog().info("alert {} {}: {}", raised.severity(), raised.code(), raised.message());
                    }
                }
            }).thenNoReply();
        }

        /** A method reference capturing nothing: one object for all twins, where a builder made several per twin. */
        @Override
        public EventHandler<TwinState, TwinEvent> eventHandler() {
            return TwinState::apply;
        }
    }
}
