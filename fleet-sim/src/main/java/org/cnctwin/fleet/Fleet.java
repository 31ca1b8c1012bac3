package org.cnctwin.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocketFactory;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.cnctwin.machine.publish.BrokerSettings;
import org.cnctwin.machine.publish.MqttPublisher;
import org.cnctwin.machine.sim.FaultSpec;
import org.cnctwin.machine.sim.FleetLayout;
import org.cnctwin.machine.sim.Job;
import org.cnctwin.machine.sim.MachineSpec;
import org.cnctwin.machine.sim.SimulatedMachine;
import org.cnctwin.protocol.InvalidMessageException;
import org.cnctwin.protocol.MachineCommand;
import org.cnctwin.protocol.MachineEvent;
import org.cnctwin.protocol.ProtocolCodec;
import org.cnctwin.protocol.TelemetryBatch;
import org.cnctwin.protocol.TelemetrySample;
import org.cnctwin.protocol.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A fleet of simulated machines, each a stream: a clock (real time, N× or as fast as the broker
 * takes it) advances the machine one second of simulated time per tick, its samples leave as one
 * telemetry batch and its events one message each, QoS 1, over the machine's own MQTT connection
 * (client id = machine id), which also receives its commands on {@code cnc/{id}/commands}.
 *
 * <p>Nothing is lost while the broker is away: each message is sent until the broker has
 * acknowledged it ({@link MqttPublisher}), and until then batches wait in a bounded outbox per machine
 * ({@link #OUTBOX_MESSAGES}, an hour at one message a second). A paced machine keeps its clock
 * while it waits, as a real one would; if an outage outlasts the outbox, the oldest messages go
 * first and are counted as dropped. A fleet running as fast as possible just waits.
 */
public final class Fleet {

    private static final Logger log = LoggerFactory.getLogger(Fleet.class);

    /** Samples per telemetry message: one second at 10 Hz. */
    public static final int SAMPLES_PER_BATCH = (int) Math.round(1 / SimulatedMachine.SAMPLE_PERIOD_S);
    static final int OUTBOX_MESSAGES = 3600;
    /** Messages of one machine waiting for their acknowledgement at a time. */
    private static final int PUBLISHES_IN_FLIGHT = 16;

    /**
     * @param speed simulated seconds per wall-clock second; {@code Double.POSITIVE_INFINITY} for as fast as possible
     * @param simulatedDuration how much simulated time to run, or null for until stopped
     * @param broker where to publish, or null to simulate without publishing
     * @param profiles machine profiles, given to the machines in turn
     */
    public record Options(int machines, String idPrefix, List<MachineSpec> profiles, Job job, double speed, Duration simulatedDuration,
                          long seed, List<FaultSpec> faults, BrokerSettings broker, TruthWriter truth, Instant start) {

        public Options {
            if (machines < 1) {
                throw new IllegalArgumentException("--machines must be at least 1, was " + machines);
            }
            if (!(speed > 0)) {
                throw new IllegalArgumentException("--speed must be a positive number or max, was " + speed);
            }
            if (profiles.isEmpty()) {
                throw new IllegalArgumentException("at least one machine profile is needed");
            }
            profiles = List.copyOf(profiles);
            faults = List.copyOf(faults);
            FleetLayout.checkFaults(faults, machines, idPrefix);
        }

        public boolean asFastAsPossible() {
            return Double.isInfinite(speed);
        }

        public String machineId(int index) {
            return FleetLayout.machineId(idPrefix, index);
        }
    }

    /** What the fleet has done so far; read by the progress line and the summary. */
    public static final class Stats {
        public final AtomicLong machinesRunning = new AtomicLong();
        public final AtomicLong simulatedSeconds = new AtomicLong();
        public final AtomicLong samples = new AtomicLong();
        public final AtomicLong messagesQueued = new AtomicLong();
        public final AtomicLong messagesSent = new AtomicLong();
        public final AtomicLong messagesDropped = new AtomicLong();
        public final AtomicLong connectionFailures = new AtomicLong();
        public final AtomicLong commandsApplied = new AtomicLong();
        public final AtomicLong commandsRejected = new AtomicLong();
        public final AtomicLong parts = new AtomicLong();
        public final AtomicLong alarms = new AtomicLong();
    }

    /** One machine and the commands that reached it, applied by its own stream between ticks. */
    private static final class Station {
        final SimulatedMachine machine;
        final Queue<MachineCommand> commands = new ConcurrentLinkedQueue<>();
        long lastPartCount;
        long inOutbox;

        Station(SimulatedMachine machine) {
            this.machine = machine;
        }
    }

    private final ClassicActorSystemProvider system;
    private final Options options;
    private final Stats stats = new Stats();
    private final ProtocolCodec codec = new ProtocolCodec();
    private final SharedKillSwitch killSwitch = KillSwitches.shared("fleet");
    private final List<Station> stations = new ArrayList<>();

    public Fleet(ClassicActorSystemProvider system, Options options) {
        this.system = system;
        this.options = options;
        for (int index = 0; index < options.machines(); index++) {
            String id = options.machineId(index);
            MachineSpec spec = FleetLayout.profile(options.profiles(), index);
            SimulatedMachine machine = new SimulatedMachine(id, spec, options.job(), FleetLayout.machineSeed(options.seed(), index), options.start());
            for (FaultSpec fault : options.faults()) {
                if (fault.appliesTo(id)) {
                    machine.inject(fault.type(), fault.severity(), fault.atS());
                }
            }
            stations.add(new Station(machine));
        }
    }

    public Stats stats() {
        return stats;
    }

    public Options options() {
        return options;
    }

    /** Starts every machine; completes when all have run their duration or {@link #stop()} was called. */
    public CompletionStage<Done> run() {
        SSLSocketFactory sharedTls = options.broker() == null ? null : options.broker().sharedSocketFactory();
        List<CompletableFuture<Done>> done = new ArrayList<>();
        for (int index = 0; index < stations.size(); index++) {
            Station station = stations.get(index);
            stats.machinesRunning.incrementAndGet();
            CompletionStage<Done> finished = options.broker() == null
                    ? clock(index).via(killSwitch.flow()).map(tick -> step(station)).runWith(Sink.ignore(), system)
                    : publish(station, clock(index), sharedTls);
            // On Pekko's dispatcher: the JDK's default async pool starts a thread per task on two cores.
            done.add(finished.whenCompleteAsync((result, failure) -> {
                stats.machinesRunning.decrementAndGet();
                if (failure != null) {
                    log.error("machine {} stopped: {}", station.machine.machineId(), failure.toString());
                }
            }, system.classicSystem().dispatcher()).toCompletableFuture());
        }
        return CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0])).thenApply(nothing -> Done.getInstance());
    }

    /** Stops every machine; what is queued is still sent. */
    public void stop() {
        killSwitch.shutdown();
    }

    /** One tick per simulated second, spread over the first second so a fleet does not publish in lock-step. */
    private Source<Long, ?> clock(int index) {
        Source<Long, ?> ticks;
        if (options.asFastAsPossible()) {
            ticks = Source.repeat(1L);
        } else {
            Duration period = Duration.ofNanos(Math.max(1, Math.round(1e9 / options.speed())));
            Duration offset = Duration.ofNanos(period.toNanos() * index / options.machines());
            ticks = Source.tick(offset, period, 1L).mapMaterializedValue(cancellable -> NotUsed.getInstance());
        }
        return options.simulatedDuration() == null ? ticks : ticks.take(options.simulatedDuration().toSeconds());
    }

    private CompletionStage<Done> publish(Station station, Source<Long, ?> clock, SSLSocketFactory sharedTls) {
        String id = station.machine.machineId();
        MqttPublisher publisher = new MqttPublisher(system, options.broker(), id, sharedTls,
                List.of(new MqttPublisher.Subscription(Topics.commands(id), (topic, payload) -> receiveCommand(station, topic, payload))),
                PUBLISHES_IN_FLIGHT, stats.connectionFailures::incrementAndGet);
        OverflowStrategy whenFull = options.asFastAsPossible() ? OverflowStrategy.backpressure() : OverflowStrategy.dropHead();
        return clock.via(killSwitch.flow())
                .mapConcat(tick -> step(station))
                .map(message -> {
                    stats.messagesQueued.incrementAndGet();
                    if (station.inOutbox == OUTBOX_MESSAGES && !options.asFastAsPossible()) {
                        station.inOutbox--; // the buffer drops its oldest to take this one
                        stats.messagesDropped.incrementAndGet();
                    }
                    station.inOutbox++;
                    return message;
                })
                .buffer(OUTBOX_MESSAGES, whenFull)
                .map(message -> {
                    station.inOutbox--; // both counting stages run fused in one actor, so no race
                    return message;
                })
                .mapAsyncUnordered(PUBLISHES_IN_FLIGHT, message -> publisher.publish(message.topic(), message.payload()))
                .runWith(Sink.foreach(acknowledged -> stats.messagesSent.incrementAndGet()), system)
                .whenComplete((done, failure) -> publisher.close());
    }

    /** Advances one machine by one simulated second and returns its messages. */
    private List<Outgoing> step(Station station) {
        SimulatedMachine machine = station.machine;
        for (MachineCommand command; (command = station.commands.poll()) != null; ) {
            apply(machine, command);
        }
        List<TelemetrySample> samples = new ArrayList<>(SAMPLES_PER_BATCH);
        for (int i = 0; i < SAMPLES_PER_BATCH; i++) {
            samples.add(machine.nextSample());
        }
        List<MachineEvent> events = machine.drainEvents();
        stats.samples.addAndGet(SAMPLES_PER_BATCH);
        stats.simulatedSeconds.accumulateAndGet(Math.round(machine.timeS()), Math::max);
        stats.parts.addAndGet(machine.partCount() - station.lastPartCount);
        station.lastPartCount = machine.partCount();
        if (options.truth() != null) {
            options.truth().write(machine.truth());
        }
        if (options.broker() == null) {
            stats.alarms.addAndGet(events.stream().filter(event -> event.fact() instanceof MachineEvent.AlarmRaised).count());
            return List.of();
        }
        String id = machine.machineId();
        List<Outgoing> messages = new ArrayList<>(1 + events.size());
        messages.add(new Outgoing(Topics.telemetry(id), codec.encode(new TelemetryBatch(ProtocolCodec.SCHEMA_VERSION, id, samples))));
        for (MachineEvent event : events) {
            if (event.fact() instanceof MachineEvent.AlarmRaised) {
                stats.alarms.incrementAndGet();
            }
            messages.add(new Outgoing(Topics.events(id), codec.encode(event)));
        }
        return messages;
    }

    /** A message for the broker. */
    private record Outgoing(String topic, byte[] payload) {}

    private void receiveCommand(Station station, String topic, byte[] payload) {
        String id = station.machine.machineId();
        try {
            MachineCommand command = codec.decodeCommand(topic, payload).message();
            if (command.action() instanceof MachineCommand.InjectFault || command.action() instanceof MachineCommand.ClearFault) {
                station.commands.add(command);
            } else {
                stats.commandsRejected.incrementAndGet();
                log.warn("machine {}: command {} ({}) is not something the simulator does; ignored", id, command.commandId(),
                        command.action().getClass().getSimpleName());
            }
        } catch (InvalidMessageException e) {
            stats.commandsRejected.incrementAndGet();
            log.warn("machine {}: rejected a command on {}: {}", id, topic, e.getMessage());
        }
    }

    private void apply(SimulatedMachine machine, MachineCommand command) {
        MDC.put("machineId", machine.machineId());
        try {
            if (command.action() instanceof MachineCommand.InjectFault inject) {
                machine.inject(inject.fault(), inject.severity(), machine.timeS() + inject.startAfterS());
                log.info("command {}: {} at severity {} in {} s", command.commandId(), inject.fault(), inject.severity(), inject.startAfterS());
            } else if (command.action() instanceof MachineCommand.ClearFault clear) {
                machine.clear(clear.fault());
                log.info("command {}: cleared {}", command.commandId(), clear.fault());
            }
            stats.commandsApplied.incrementAndGet();
        } catch (IllegalArgumentException e) {
            stats.commandsRejected.incrementAndGet();
            log.warn("command {} refused: {}", command.commandId(), e.getMessage());
        } finally {
            MDC.remove("machineId");
        }
    }
}
