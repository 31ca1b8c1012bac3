package org.cnctwin.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.cnctwin.machine.publish.BrokerSettings;
import org.cnctwin.machine.publish.Mosquitto;
import org.cnctwin.machine.publish.MqttObserver;
import org.cnctwin.machine.publish.PemTls;
import org.cnctwin.machine.publish.TestPki;
import org.cnctwin.machine.sim.FaultSpec;
import org.cnctwin.machine.sim.Job;
import org.cnctwin.machine.sim.MachineSpec;
import org.cnctwin.protocol.CodecLimits;
import org.cnctwin.protocol.FaultType;
import org.cnctwin.protocol.MachineCommand;
import org.cnctwin.protocol.ProtocolCodec;
import org.cnctwin.protocol.TelemetryBatch;
import org.cnctwin.protocol.TelemetrySample;
import org.cnctwin.protocol.Topics;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet against a real Mosquitto: plain TCP, a broker restart, commands, and TLS with client certificates and an ACL. */
class FleetPublishingIT {

    static ActorSystem system;
    static final ProtocolCodec CODEC = new ProtocolCodec(CodecLimits.DEFAULT, Clock.offset(Clock.systemUTC(), Duration.ofDays(1)));

    @BeforeAll
    static void startPekko() {
        system = ActorSystem.create("fleet-it");
    }

    @AfterAll
    static void stopPekko() {
        system.terminate();
    }

    static Fleet.Options options(int machines, double speed, int seconds, BrokerSettings broker, List<FaultSpec> faults) {
        Instant start = speed > 1 ? Instant.now().minusSeconds(seconds) : Instant.now();
        return new Fleet.Options(machines, "cnc", List.of(MachineSpec.VMC_3_AXIS), Job.sample(), speed, Duration.ofSeconds(seconds), 7, faults,
                broker, null, start);
    }

    static void assertEveryBatchArrived(MqttObserver observer, int machines, int seconds) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Set<Long>> batches = observer.batches();
            assertThat(batches).hasSize(machines);
            for (Set<Long> firstSequenceNumbers : batches.values()) {
                assertThat(firstSequenceNumbers).hasSize(seconds);
                // 10 samples a batch: the batches tile the sequence without a gap.
                long first = firstSequenceNumbers.iterator().next();
                assertThat(firstSequenceNumbers).last().isEqualTo(first + 10L * (seconds - 1));
            }
        });
    }

    @Test
    void everyBatchAndEventArrivesAtQos1(@TempDir Path folder) throws Exception {
        try (Mosquitto broker = Mosquitto.plain(folder);
             MqttObserver observer = new MqttObserver(broker.url("tcp"), "observer", null, "cnc/+/telemetry", "cnc/+/events")) {
            Fleet fleet = new Fleet(system, options(3, Double.POSITIVE_INFINITY, 300, BrokerSettings.plain(broker.url("tcp")), List.of()));
            fleet.run().toCompletableFuture().get(60, TimeUnit.SECONDS);

            assertEveryBatchArrived(observer, 3, 300);
            assertThat(fleet.stats().messagesSent.get()).isEqualTo(fleet.stats().messagesQueued.get());
            long events = observer.received.stream().filter(message -> message.getKey().endsWith("/events"))
                    .peek(message -> CODEC.decodeEvent(message.getKey(), message.getValue()))
                    .count();
            assertThat(events).isGreaterThanOrEqualTo(3 * 5); // program starts and tool changes at least
        }
    }

    @Test
    void queuedBatchesSurviveABrokerRestart(@TempDir Path folder) throws Exception {
        try (Mosquitto broker = Mosquitto.plain(folder);
             MqttObserver observer = new MqttObserver(broker.url("tcp"), "observer", null, "cnc/+/telemetry")) {
            // Paced at 10×, so the machines keep producing while the broker is away.
            Fleet fleet = new Fleet(system, options(2, 10, 80, BrokerSettings.plain(broker.url("tcp")), List.of()));
            var finished = fleet.run();
            await().atMost(Duration.ofSeconds(10)).until(() -> observer.batches().values().stream().mapToInt(Set::size).sum() >= 20);

            broker.stop();
            long sentBefore = fleet.stats().messagesQueued.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> fleet.stats().messagesQueued.get() > sentBefore + 20);
            broker.start();

            finished.toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertEveryBatchArrived(observer, 2, 80);
            assertThat(fleet.stats().messagesDropped.get()).isZero();
        }
    }

    @Test
    void commandsInjectFaultsAndBadOnesAreRefusedWithoutHarm(@TempDir Path folder) throws Exception {
        try (Mosquitto broker = Mosquitto.plain(folder);
             MqttObserver observer = new MqttObserver(broker.url("tcp"), "observer", null, "cnc/+/telemetry")) {
            Fleet fleet = new Fleet(system, options(1, 20, 120, BrokerSettings.plain(broker.url("tcp")), List.of()));
            var finished = fleet.run();
            await().atMost(Duration.ofSeconds(10)).until(() -> !observer.received.isEmpty());

            MqttClient operator = new MqttClient(broker.url("tcp"), "operator", new MemoryPersistence());
            operator.connect();
            operator.publish(Topics.commands("cnc-001"), "{\"schemaVersion\":1,\"commandId\":\"bad\"}".getBytes(StandardCharsets.UTF_8), 1, false);
            MachineCommand dropout = new MachineCommand(ProtocolCodec.SCHEMA_VERSION, "c-1", "cnc-001", Instant.now(),
                    new MachineCommand.InjectFault(FaultType.SENSOR_DROPOUT, 1, 0));
            operator.publish(Topics.commands("cnc-001"), CODEC.encode(dropout), 1, false);
            operator.disconnect();
            operator.close();

            await().atMost(Duration.ofSeconds(10)).until(() -> fleet.stats().commandsApplied.get() == 1);
            assertThat(fleet.stats().commandsRejected.get()).isEqualTo(1);
            // The dropout shows in the telemetry: a dead accelerometer reads zero while the spindle turns.
            await().atMost(Duration.ofSeconds(10)).until(() -> lastSample(observer).vibrationRmsMmPerS() == 0);
            finished.toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEveryBatchArrived(observer, 1, 120);
        }
    }

    private static TelemetrySample lastSample(MqttObserver observer) {
        Map.Entry<String, byte[]> last = null;
        for (Map.Entry<String, byte[]> message : observer.received) {
            last = message;
        }
        List<TelemetrySample> samples = CODEC.decodeTelemetry(last.getKey(), last.getValue()).message().samples();
        return samples.get(samples.size() - 1);
    }

    @Test
    void tlsWithClientCertificatesAndAnAclThatKeepsEachMachineToItsOwnTopics(@TempDir Path folder) throws Exception {
        TestPki pki = new TestPki(folder);
        pki.issue("broker", true);
        pki.issue("cnc-001", false);
        pki.issue("cnc-002", false);
        pki.issue("twin", false);
        java.nio.file.Files.writeString(folder.resolve("acl"), String.join("\n",
                "user twin", "topic read cnc/#",
                "pattern readwrite cnc/%u/#", ""));
        String tls = String.join("\n",
                "cafile " + pki.caFile(), "certfile " + folder.resolve("broker.crt"), "keyfile " + folder.resolve("broker.key"),
                "require_certificate true", "use_identity_as_username true", "acl_file " + folder.resolve("acl"));
        try (Mosquitto broker = new Mosquitto(folder, tls);
             MqttObserver twin = new MqttObserver(broker.url("ssl"), "twin",
                     PemTls.socketFactory(pki.caFile(), folder.resolve("twin.crt"), folder.resolve("twin.key")), "cnc/+/telemetry")) {
            // One certificate per machine, found through the {id} placeholder.
            BrokerSettings settings = new BrokerSettings(broker.url("ssl"), pki.caFile(), folder + "/{id}.crt", folder + "/{id}.key", null, null);
            Fleet fleet = new Fleet(system, options(2, Double.POSITIVE_INFINITY, 30, settings, List.of()));
            fleet.run().toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertEveryBatchArrived(twin, 2, 30);

            // cnc-001's certificate cannot speak for cnc-002: the broker drops what the ACL forbids.
            MqttClient impostor = new MqttClient(broker.url("ssl"), "impostor", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setSocketFactory(PemTls.socketFactory(pki.caFile(), folder.resolve("cnc-001.crt"), folder.resolve("cnc-001.key")));
            impostor.connect(options);
            TelemetryBatch forged = new TelemetryBatch(1, "cnc-002", List.of(lastSample(twin)));
            impostor.publish(Topics.telemetry("cnc-002"), CODEC.encode(forged), 1, false);
            impostor.publish(Topics.telemetry("cnc-001"), CODEC.encode(new TelemetryBatch(1, "cnc-001", List.of(lastSample(twin)))), 1, false);
            await().atMost(Duration.ofSeconds(10)).until(() -> lastTopic(twin).equals(Topics.telemetry("cnc-001")));
            assertThat(twin.received).filteredOn(message -> message.getKey().equals(Topics.telemetry("cnc-002"))).hasSize(30);
            impostor.disconnect();
            impostor.close();

            // Without a client certificate there is no connection at all.
            MqttClient anonymous = new MqttClient(broker.url("ssl"), "anonymous", new MemoryPersistence());
            MqttConnectOptions noCertificate = new MqttConnectOptions();
            noCertificate.setSocketFactory(PemTls.socketFactory(pki.caFile(), null, null));
            assertThatThrownBy(() -> anonymous.connect(noCertificate)).isInstanceOf(MqttException.class);
            anonymous.close();
        }
    }

    private static String lastTopic(MqttObserver observer) {
        String topic = "";
        for (Map.Entry<String, byte[]> message : observer.received) {
            topic = message.getKey();
        }
        return topic;
    }
}
