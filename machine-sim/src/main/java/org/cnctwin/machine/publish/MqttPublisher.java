package org.cnctwin.machine.publish;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLSocketFactory;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.Scheduler;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContext;

/**
 * One MQTT connection that publishes at QoS 1 and completes each message's future when the broker
 * has acknowledged it, however many times the connection drops on the way.
 *
 * <p>Written on Paho directly because pekko-connectors' {@code MqttFlow} and {@code MqttSink} can
 * leave a message behind when Paho reconnects by itself: the reconnect callback runs on Paho's
 * thread and touches the stage's pending message, racing the stage. Paho itself does not always
 * report on a message either: a PUBACK whose notification was queued when the connection dropped
 * is never told (the callback thread's queue is cleared on restart). So this class does not rely
 * on Paho's bookkeeping: a message is sent again when its delivery fails, when it was refused
 * because the client was offline, and when no answer came within {@link #ACK_TIMEOUT}. The broker
 * may then see a message twice; every consumer of ours takes duplicates by sequence number.
 *
 * <p>The connection keeps a persistent session and Paho's automatic reconnection; the first
 * connection is retried here with backoff, because Paho only reconnects a client that was
 * connected once. Subscriptions are made again after each reconnection, in case the broker lost
 * the session (a restart without persistence).
 */
public final class MqttPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttPublisher.class);
    private static final int QOS = 1;
    /** Longer than any PUBACK takes from a broker that is answering at all. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);
    /** Before sending again a message Paho refused or failed: a failure while connected must not become a busy loop. */
    private static final Duration RETRY_DELAY = Duration.ofMillis(200);
    private static final Duration FIRST_CONNECT_MIN_BACKOFF = Duration.ofSeconds(1);
    private static final Duration FIRST_CONNECT_MAX_BACKOFF = Duration.ofSeconds(30);

    /** A topic filter and what to do with each message that arrives on it (called on Paho's thread; must not block). */
    public record Subscription(String topicFilter, BiConsumer<String, byte[]> handler) {}

    /** A message until the broker acknowledged it. */
    private static final class Delivery {
        final String topic;
        final byte[] payload;
        final CompletableFuture<Done> acknowledged = new CompletableFuture<>();
        /** When it was last handed to Paho; 0 while it waits for a connection. */
        volatile long sentNanos;

        Delivery(String topic, byte[] payload) {
            this.topic = topic;
            this.payload = payload;
        }
    }

    private final MqttAsyncClient client;
    private final BrokerSettings broker;
    private final String clientId;
    private final SSLSocketFactory tls;
    private final List<Subscription> subscriptions;
    private final int maxOutstanding;
    private final Runnable onConnectionFailure;
    private final Scheduler scheduler;
    private final ExecutionContext executor;
    private final Set<Delivery> outstanding = ConcurrentHashMap.newKeySet();
    private final Queue<Delivery> waitingForConnection = new ConcurrentLinkedQueue<>();
    private final Cancellable ackTimeoutSweep;
    private volatile boolean closed;

    /**
     * Starts connecting at once; {@link #publish} may be called before the connection is up.
     *
     * @param tls the socket factory when every client uses the same certificate, else null
     * @param maxOutstanding how many unacknowledged messages {@link #publish} takes before it refuses more
     * @param onConnectionFailure told each time a first connection attempt fails (it is retried)
     */
    public MqttPublisher(ClassicActorSystemProvider system, BrokerSettings broker, String clientId, SSLSocketFactory tls,
                         List<Subscription> subscriptions, int maxOutstanding, Runnable onConnectionFailure) {
        this.broker = broker;
        this.clientId = clientId;
        this.tls = tls;
        this.subscriptions = List.copyOf(subscriptions);
        this.maxOutstanding = maxOutstanding;
        this.onConnectionFailure = onConnectionFailure;
        this.scheduler = system.classicSystem().scheduler();
        this.executor = system.classicSystem().dispatcher();
        try {
            client = new MqttAsyncClient(broker.url(), clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("MQTT client " + clientId + " for " + broker.url() + ": " + e.getMessage(), e);
        }
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                // Paho calls this after the first connection too: one place subscribes and sends what waited.
                log.info("{}: {} to {}", clientId, reconnect ? "reconnected" : "connected", serverUri);
                subscribeAll();
                sendWaiting();
            }

            @Override
            public void connectionLost(Throwable cause) {
                log.warn("{}: connection to {} lost ({}); reconnecting", clientId, broker.url(), cause == null ? "closed" : cause.getMessage());
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // Subscriptions have listeners of their own.
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
                // Each publish has a listener of its own.
            }
        });
        Duration sweepPeriod = ACK_TIMEOUT.dividedBy(3);
        ackTimeoutSweep = scheduler.scheduleWithFixedDelay(sweepPeriod, sweepPeriod, this::resendUnanswered, executor);
        connect(FIRST_CONNECT_MIN_BACKOFF);
    }

    /**
     * Sends a message at QoS 1; the stage completes when the broker has acknowledged it.
     *
     * @throws IllegalStateException when {@code maxOutstanding} messages are already waiting, or after {@link #close()}
     */
    public CompletionStage<Done> publish(String topic, byte[] payload) {
        if (closed) {
            throw new IllegalStateException(clientId + " is closed");
        }
        if (outstanding.size() >= maxOutstanding) {
            throw new IllegalStateException(maxOutstanding + " messages of " + clientId + " are waiting for " + broker.url());
        }
        Delivery delivery = new Delivery(topic, payload);
        outstanding.add(delivery);
        send(delivery);
        return delivery.acknowledged;
    }

    /** Messages handed to {@link #publish} and not acknowledged yet. */
    public int outstanding() {
        return outstanding.size();
    }

    /** Disconnects, letting Paho finish what is in flight for a few seconds; what is still unacknowledged then fails. */
    @Override
    public void close() {
        closed = true;
        ackTimeoutSweep.cancel();
        try {
            if (client.isConnected()) {
                client.disconnect(BrokerSettings.DISCONNECT_QUIESCE.toMillis(), null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        release();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable failure) {
                        release();
                    }
                });
            } else {
                release();
            }
        } catch (MqttException e) {
            release();
        }
    }

    private void release() {
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("{}: closing: {}", clientId, e.getMessage());
        }
        IllegalStateException closedFirst = new IllegalStateException(clientId + " closed before the broker acknowledged the message");
        outstanding.forEach(delivery -> delivery.acknowledged.completeExceptionally(closedFirst));
        outstanding.clear();
    }

    private void connect(Duration backoff) {
        if (closed) {
            return;
        }
        try {
            client.connect(broker.connectOptions(clientId, tls), null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // connectComplete takes it from here.
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    retryConnect(backoff, failure);
                }
            });
        } catch (MqttException e) {
            retryConnect(backoff, e);
        }
    }

    private void retryConnect(Duration backoff, Throwable failure) {
        onConnectionFailure.run();
        log.warn("{}: cannot connect to {} ({}); trying again in {} s", clientId, broker.url(), failure.getMessage(), backoff.toSeconds());
        Duration next = backoff.multipliedBy(2).compareTo(FIRST_CONNECT_MAX_BACKOFF) > 0 ? FIRST_CONNECT_MAX_BACKOFF : backoff.multipliedBy(2);
        scheduler.scheduleOnce(backoff, () -> connect(next), executor);
    }

    private void subscribeAll() {
        for (Subscription subscription : subscriptions) {
            try {
                client.subscribe(subscription.topicFilter(), QOS, (topic, message) -> {
                    try {
                        subscription.handler().accept(topic, message.getPayload());
                    } catch (RuntimeException e) {
                        // An exception thrown back to Paho would close the connection.
                        log.error("{}: handling a message on {} failed", clientId, topic, e);
                    }
                });
            } catch (MqttException e) {
                // The connection dropped again; the next connectComplete subscribes.
                log.warn("{}: subscribing to {} failed: {}", clientId, subscription.topicFilter(), e.getMessage());
            }
        }
    }

    private void send(Delivery delivery) {
        if (closed || delivery.acknowledged.isDone()) {
            return;
        }
        if (!client.isConnected()) {
            waitForConnection(delivery);
            return;
        }
        delivery.sentNanos = System.nanoTime();
        try {
            client.publish(delivery.topic, delivery.payload, QOS, false, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    outstanding.remove(delivery);
                    delivery.acknowledged.complete(Done.getInstance());
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    sendLater(delivery);
                }
            });
        } catch (MqttException refused) {
            if (refused.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
                sendLater(delivery);
            } else {
                waitForConnection(delivery);
            }
        }
    }

    private void sendLater(Delivery delivery) {
        delivery.sentNanos = 0;
        scheduler.scheduleOnce(RETRY_DELAY, () -> send(delivery), executor);
    }

    private void waitForConnection(Delivery delivery) {
        delivery.sentNanos = 0;
        waitingForConnection.add(delivery);
        // The connection may have come back between the check and the add: then nobody else sends it.
        if (client.isConnected()) {
            sendWaiting();
        }
    }

    private void sendWaiting() {
        for (Delivery delivery; (delivery = waitingForConnection.poll()) != null; ) {
            send(delivery);
        }
    }

    private void resendUnanswered() {
        long now = System.nanoTime();
        for (Delivery delivery : outstanding) {
            long sentNanos = delivery.sentNanos;
            if (sentNanos != 0 && now - sentNanos > ACK_TIMEOUT.toNanos() && !delivery.acknowledged.isDone()) {
                log.debug("{}: no acknowledgement for a message on {} in {} s; sending it again", clientId, delivery.topic, ACK_TIMEOUT.toSeconds());
                send(delivery);
            }
        }
    }
}
