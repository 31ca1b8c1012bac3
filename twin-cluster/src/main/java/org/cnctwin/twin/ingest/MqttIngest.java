package org.cnctwin.twin.ingest;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.connectors.mqtt.MqttConnectionSettings;
import org.apache.pekko.stream.connectors.mqtt.MqttMessage;
import org.apache.pekko.stream.connectors.mqtt.MqttQoS;
import org.apache.pekko.stream.connectors.mqtt.MqttSubscriptions;
import org.apache.pekko.stream.connectors.mqtt.javadsl.MqttSource;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.cnctwin.machine.publish.BrokerSettings;
import org.cnctwin.machine.publish.MqttPublisher;
import org.cnctwin.protocol.DeadLetter;
import org.cnctwin.protocol.InvalidMessageException;
import org.cnctwin.protocol.MachineCommand;
import org.cnctwin.protocol.MachineEvent;
import org.cnctwin.protocol.ProtocolCodec;
import org.cnctwin.protocol.TelemetryBatch;
import org.cnctwin.protocol.Topics;
import org.cnctwin.twin.MachineTwin;
import org.cnctwin.twin.metrics.TwinMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Telemetry and events from MQTT into the twins, at least once. Per channel, several connections
 * share one subscription ({@code $share/<group>/cnc/+/telemetry}), so the broker spreads the
 * machines over every connection of every node. A broker that does not keep shared subscriptions
 * across its own restart (Mosquitto 2.0.11 does not) drops what machines publish between its
 * restart and the ingest's new subscription; a single node can use a plain persistent
 * subscription instead ({@link Settings#sharedSubscription()}), which such a broker restores. Each message is decoded and validated, recorded by
 * its machine's twin through sharding, and acknowledged to the broker only after the twin's reply,
 * which comes after the persist; at most {@code parallelism} messages per connection are in flight,
 * so a slow journal slows the broker down instead of filling memory.
 *
 * <p>A message that cannot be accepted (undecodable, invalid, topic and payload naming different
 * machines) is counted, logged with its reason, copied to {@code cnc-dead-letter/<channel>} with
 * its original bytes, and acknowledged: the stream goes on. When the twin does not answer (the
 * journal is down) or the connection drops, the connection's stream fails without acknowledging
 * and starts again with backoff; it subscribes afresh and the broker redelivers what was not
 * acknowledged (a persistent session), which the twin's sequence numbers make harmless.
 *
 * <p>{@link #drain()} is how a node stops (CoordinatedShutdown): it takes no new message, lets
 * those already handed to twins be persisted and acknowledged, then disconnects. What the
 * connection had received but not yet handed on stays unacknowledged in its session, for the
 * broker to deliver again. {@link IngestStatus} tells the readiness check where the ingest is.
 */
public final class MqttIngest {

    private static final Logger log = LoggerFactory.getLogger(MqttIngest.class);
    private static final MqttQoS QOS = MqttQoS.atLeastOnce();
    /** Dead letters and commands that may wait for the broker at a time. */
    static final int OUTBOX_MESSAGES = 1024;
    private static final List<Topics.Channel> CHANNELS = List.of(Topics.Channel.TELEMETRY, Topics.Channel.EVENTS);

    /**
     * @param sharedSubscription subscribe {@code $share/<group>/...} (scales over connections and
     *     nodes), or a plain persistent subscription on one connection per channel, which a broker
     *     that forgets shared subscriptions on restart (Mosquitto 2.0) still restores
     * @param clientIdPrefix unique per node: client ids are {@code <prefix>-<channel>-<n>}
     * @param connectionsPerChannel one Paho connection takes ~2–3k messages/s; 1 without a shared subscription
     * @param parallelism messages in flight per connection
     */
    public record Settings(BrokerSettings broker, boolean sharedSubscription, String group, String clientIdPrefix, int connectionsPerChannel,
                           int parallelism, Duration askTimeout, int bufferSize, Duration minBackoff, Duration maxBackoff) {

        public Settings {
            if (connectionsPerChannel < 1 || parallelism < 1 || bufferSize < 1) {
                throw new IllegalArgumentException("cnc-twin.ingest.mqtt: connections-per-channel, parallelism and buffer-size must be at least 1");
            }
            if (!sharedSubscription && connectionsPerChannel != 1) {
                throw new IllegalArgumentException("cnc-twin.ingest.mqtt: without a shared subscription every connection would get every message; "
                        + "set connections-per-channel = 1 (was " + connectionsPerChannel + ") or shared-subscription = true");
            }
        }

        /** From {@code cnc-twin.ingest.mqtt} (docs/configuration.md). */
        public static Settings fromConfig(Config config) {
            Config mqtt = config.getConfig("cnc-twin.ingest.mqtt");
            BrokerSettings broker = new BrokerSettings(mqtt.getString("url"), optionalPath(mqtt, "tls-ca"), optionalString(mqtt, "tls-cert"),
                    optionalString(mqtt, "tls-key"), optionalString(mqtt, "username"), optionalString(mqtt, "password"));
            return new Settings(broker, mqtt.getBoolean("shared-subscription"), mqtt.getString("group"), mqtt.getString("client-id-prefix"),
                    mqtt.getInt("connections-per-channel"),
                    mqtt.getInt("parallelism"), mqtt.getDuration("ask-timeout"), mqtt.getInt("buffer-size"), mqtt.getDuration("min-backoff"),
                    mqtt.getDuration("max-backoff"));
        }

        private static String optionalString(Config config, String path) {
            return config.hasPath(path) && !config.getString(path).isEmpty() ? config.getString(path) : null;
        }

        private static Path optionalPath(Config config, String path) {
            String value = optionalString(config, path);
            return value == null ? null : Path.of(value);
        }
    }

    private final ActorSystem<?> system;
    private final Settings settings;
    private final ClusterSharding sharding;
    private final ProtocolCodec codec = new ProtocolCodec();
    /** Between each connection's source and its handling: shut, it stops taking messages while those in hand finish. */
    private final SharedKillSwitch intake = KillSwitches.shared("mqtt-ingest-intake");
    /** Dead letters and commands leave through a connection of their own. */
    private final MqttPublisher outbox;
    private final List<CompletionStage<Done>> streams = new ArrayList<>();
    /** Per connection: completed when the broker first acknowledged its subscription. */
    private final List<CompletableFuture<Done>> firstSubscriptions = new ArrayList<>();
    /** Completed when every connection's first subscription is: what a start waits for. */
    private final CompletableFuture<Done> subscribed = new CompletableFuture<>();
    /**
     * Where the callbacks of asks and acks run. Pekko's futures reach Java through a
     * CompletableFuture whose plain thenApply runs on the JDK's default async pool, and with two
     * cores that pool starts a thread per task: 100,000 threads in a load test, and 2,400 samples/s.
     */
    private final Executor callbacks;
    private final TwinMetrics metrics;
    private final IngestStatus status;

    private MqttIngest(ActorSystem<?> system, Settings settings) {
        this.system = system;
        this.settings = settings;
        this.sharding = ClusterSharding.get(system);
        this.callbacks = system.executionContext();
        this.metrics = TwinMetrics.get(system);
        this.status = IngestStatus.get(system);
        this.outbox = new MqttPublisher(system, settings.broker(), settings.clientIdPrefix() + "-dead-letters",
                settings.broker().sharedSocketFactory(), List.of(), OUTBOX_MESSAGES, () -> {});
    }

    /** Connects the outgoing connection (dead letters, commands); {@link #start} subscribes. */
    public static MqttIngest create(ActorSystem<?> system, Settings settings) {
        return new MqttIngest(system, settings);
    }

    /**
     * Subscribes every channel's connections and starts recording; the twins must be registered
     * with sharding on this node. Completes as {@link #subscribed()}.
     */
    public CompletionStage<Done> start() {
        for (Topics.Channel channel : CHANNELS) {
            for (int index = 1; index <= settings.connectionsPerChannel(); index++) {
                streams.add(consume(channel, channel.segment() + "-" + index));
            }
        }
        log.info("MQTT ingest from {}: {} connection(s) per channel on {}", settings.broker().url(), settings.connectionsPerChannel(),
                subscriptionFilter(Topics.Channel.TELEMETRY));
        CompletableFuture.allOf(firstSubscriptions.toArray(CompletableFuture[]::new)).thenRun(() -> {
            status.subscribed();
            subscribed.complete(Done.getInstance());
        });
        return subscribed;
    }

    /**
     * Completes when the broker has acknowledged the subscription of every connection. Start
     * publishers after it: a broker acknowledges a QoS 1 message that no subscription matches and
     * drops it, as MQTT specifies, so what machines send before the first subscription is gone.
     */
    public CompletionStage<Done> subscribed() {
        return subscribed;
    }

    /**
     * Queues a command for its machine's command topic, on the ingest's outgoing connection, which
     * sends it until the broker acknowledges it; fails when {@value #OUTBOX_MESSAGES} messages are
     * already waiting (the broker has been unreachable for a while).
     */
    public CompletionStage<Done> send(MachineCommand command) {
        try {
            outbox.publish(Topics.commands(command.machineId()), codec.encode(command));
            return CompletableFuture.completedFuture(Done.getInstance());
        } catch (IllegalStateException full) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("command for " + command.machineId() + " not queued for the broker: " + full.getMessage(), full));
        }
    }

    /**
     * Stops taking messages, lets every message already handed to a twin be persisted and
     * acknowledged, then disconnects; completes when every connection has. The outbox of dead
     * letters and commands closes after, so a dead letter found while draining still leaves.
     */
    public CompletionStage<Done> drain() {
        status.draining();
        intake.shutdown();
        return CompletableFuture.allOf(streams.stream().map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new))
                .handleAsync((nothing, failure) -> {
                    outbox.close();
                    return Done.getInstance();
                }, callbacks);
    }

    private RestartSettings restartSettings() {
        return RestartSettings.create(settings.minBackoff(), settings.maxBackoff(), 0.2);
    }

    /**
     * The stream restarts when the connection drops instead of letting Paho reconnect: the
     * connector does not subscribe again after an automatic reconnect.
     */
    private MqttConnectionSettings connection(String name) {
        return settings.broker().connection(settings.clientIdPrefix() + "-" + name, settings.broker().sharedSocketFactory())
                .withAutomaticReconnect(false);
    }

    private String subscriptionFilter(Topics.Channel channel) {
        return settings.sharedSubscription() ? Topics.sharedSubscription(settings.group(), channel) : Topics.allMachines(channel);
    }

    /**
     * One connection: its source through {@link #intake} into the twins. Only a failure starts it
     * again (a lost connection, a twin that did not answer); the intake's shutdown completes it.
     */
    private CompletionStage<Done> consume(Topics.Channel channel, String name) {
        MqttSubscriptions subscription = MqttSubscriptions.create(subscriptionFilter(channel), QOS);
        CompletableFuture<Done> firstSubscription = new CompletableFuture<>();
        firstSubscriptions.add(firstSubscription);
        return RestartSource.onFailuresWithBackoff(restartSettings(), () -> MqttSource.atLeastOnce(connection(name), subscription, settings.bufferSize())
                        .mapMaterializedValue(subscribed -> subscribed.thenApply(done -> {
                            firstSubscription.complete(done); // later restarts subscribe again; the first one is what a start waits for
                            return done;
                        }))
                        // Shut, this completes what follows and cancels the source, which stays connected until every message
                        // it handed on is acknowledged (the connector counts them).
                        .via(intake.flow())
                        .mapAsync(settings.parallelism(), received -> handle(channel, received.message())
                                .thenComposeAsync(recorded -> received.ack(), callbacks))
                        .mapError(Throwable.class, failure -> {
                            metrics.ingestRestarted();
                            log.warn("MQTT ingest {} stopped ({}); unacknowledged messages come again after the restart", name, failure.toString());
                            return failure;
                        }))
                .runWith(Sink.ignore(), system);
    }

    /** Records one message with its twin, or dead-letters it; completes when it may be acknowledged. */
    private CompletionStage<Done> handle(Topics.Channel channel, MqttMessage message) {
        long startNanos = System.nanoTime();
        byte[] payload = message.payload().toArray();
        try {
            if (channel == Topics.Channel.TELEMETRY) {
                TelemetryBatch batch = codec.decodeTelemetry(message.topic(), payload).message();
                return record(batch.machineId(), replyTo -> new MachineTwin.RecordTelemetry(batch, replyTo)).thenApplyAsync(recorded -> {
                    metrics.telemetryRecorded(Duration.ofNanos(System.nanoTime() - startNanos), recorded.accepted(), recorded.duplicates(),
                            Duration.between(batch.samples().get(batch.samples().size() - 1).timestamp(), Instant.now()));
                    return Done.getInstance();
                }, callbacks);
            }
            MachineEvent event = codec.decodeEvent(message.topic(), payload).message();
            return record(event.machineId(), replyTo -> new MachineTwin.RecordMachineEvent(event, replyTo)).thenApplyAsync(recorded -> {
                metrics.machineEventRecorded(Duration.ofNanos(System.nanoTime() - startNanos), recorded.duplicates());
                return Done.getInstance();
            }, callbacks);
        } catch (InvalidMessageException problem) {
            deadLetter(channel, message.topic(), payload, problem);
            return CompletableFuture.completedFuture(Done.getInstance());
        }
    }

    private CompletionStage<MachineTwin.Recorded> record(String machineId,
                                                        Function<ActorRef<StatusReply<MachineTwin.Recorded>>, MachineTwin.Command> command) {
        return sharding.entityRefFor(MachineTwin.ENTITY_TYPE_KEY, machineId).askWithStatus(command::apply, settings.askTimeout());
    }

    private void deadLetter(Topics.Channel channel, String topic, byte[] payload, InvalidMessageException problem) {
        metrics.deadLetter(channel.segment());
        String machineId = machineIdOf(topic);
        if (machineId != null) {
            MDC.put("machineId", machineId);
        }
        try {
            log.warn("dead letter from {}: {}", topic, problem.getMessage());
        } finally {
            MDC.remove("machineId");
        }
        DeadLetter letter = DeadLetter.of(topic, Instant.now(), problem, payload);
        try {
            outbox.publish(Topics.deadLetter(channel), codec.encode(letter));
        } catch (IllegalStateException full) {
            log.warn("dead letter from {} not copied to {} ({}); the log line above keeps its reason", topic, Topics.deadLetter(channel),
                    full.getMessage());
        }
    }

    private static String machineIdOf(String topic) {
        try {
            return Topics.parse(topic).machineId();
        } catch (InvalidMessageException notAMachineTopic) {
            return null;
        }
    }
}
