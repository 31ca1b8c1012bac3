package org.cnctwin.machine.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher against a real Mosquitto that restarts under it, or is not there yet. */
class MqttPublisherIT {

    static ActorSystem system;

    @BeforeAll
    static void startPekko() {
        system = ActorSystem.create("publisher-it");
    }

    @AfterAll
    static void stopPekko() {
        system.terminate();
    }

    static Set<String> payloads(MqttObserver observer) {
        return observer.received.stream().map(message -> new String(message.getValue(), StandardCharsets.UTF_8)).collect(Collectors.toSet());
    }

    @Test
    void everyMessageIsAcknowledgedAndArrivesAcrossTwoBrokerRestarts(@TempDir Path folder) throws Exception {
        int messages = 3000;
        try (Mosquitto broker = Mosquitto.plain(folder);
             MqttObserver observer = new MqttObserver(broker.url("tcp"), "observer", null, "test/#")) {
            MqttPublisher publisher = new MqttPublisher(system, BrokerSettings.plain(broker.url("tcp")), "publisher", null, List.of(),
                    messages, () -> {});
            // Paced, so that messages are in flight when the broker goes.
            CompletableFuture<List<Done>> acknowledged = Source.range(1, messages)
                    .throttle(200, Duration.ofSeconds(1))
                    .mapAsyncUnordered(64, index -> publisher.publish("test/" + index % 7, Integer.toString(index).getBytes(StandardCharsets.UTF_8)))
                    .runWith(Sink.seq(), system)
                    .toCompletableFuture();

            for (int restartAfter : new int[] {messages / 5, messages / 2}) {
                await().atMost(Duration.ofSeconds(30)).until(() -> payloads(observer).size() >= restartAfter);
                broker.stop();
                broker.start();
            }

            assertThat(acknowledged.get(90, TimeUnit.SECONDS)).hasSize(messages);
            Set<String> expected = IntStream.rangeClosed(1, messages).mapToObj(Integer::toString).collect(Collectors.toSet());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(payloads(observer)).containsAll(expected));
            assertThat(publisher.outstanding()).isZero();
            publisher.close();
        }
    }

    @Test
    void publishesWaitForABrokerThatIsNotUpYetAndTooManyAreRefused(@TempDir Path folder) throws Exception {
        try (Mosquitto broker = Mosquitto.plain(folder);
             // Subscribed before the broker goes: its persistent session keeps what arrives while it reconnects.
             MqttObserver observer = new MqttObserver(broker.url("tcp"), "observer", null, "test/#")) {
            broker.stop();
            AtomicInteger connectionFailures = new AtomicInteger();
            MqttPublisher publisher = new MqttPublisher(system, BrokerSettings.plain(broker.url("tcp")), "early", null, List.of(),
                    2, connectionFailures::incrementAndGet);
            CompletableFuture<Done> first = publisher.publish("test/a", "1".getBytes(StandardCharsets.UTF_8)).toCompletableFuture();
            CompletableFuture<Done> second = publisher.publish("test/a", "2".getBytes(StandardCharsets.UTF_8)).toCompletableFuture();
            assertThatThrownBy(() -> publisher.publish("test/a", "3".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("2 messages of early are waiting for " + broker.url("tcp"));
            await().atMost(Duration.ofSeconds(10)).until(() -> connectionFailures.get() >= 1);
            assertThat(first).isNotDone();

            broker.start();
            CompletableFuture.allOf(first, second).get(60, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(payloads(observer)).contains("1", "2"));
            publisher.close();
            assertThatThrownBy(() -> publisher.publish("test/a", "4".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(IllegalStateException.class).hasMessage("early is closed");
        }
    }
}
