package org.cnctwin.twin.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.cnctwin.protocol.ProtocolCodec;
import org.cnctwin.protocol.TelemetryBatch;
import org.cnctwin.protocol.TelemetrySample;
import org.cnctwin.protocol.Topics;
import org.cnctwin.twin.TwinTesting;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Machines publishing telemetry at QoS 1, as the reliability scenarios load the cluster: each
 * machine one batch of {@value #SAMPLES_PER_BATCH} samples a second, evenly spread. It keeps
 * every batch the broker acknowledged (PUBACK): that is what the cluster must not lose. A batch
 * the broker did not take (down, or not yet reconnected) is skipped, as a machine without a
 * buffer would, and counts for nothing; the client reconnects by itself.
 */
final class AcknowledgedLoad implements AutoCloseable {

    static final int SAMPLES_PER_BATCH = 10;

    private final List<String> machineIds;
    private final MqttAsyncClient client;
    private final ProtocolCodec codec = new ProtocolCodec();
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "acknowledged-load"));
    /** Per machine, the first sequence number of every batch the broker acknowledged. */
    private final Map<String, NavigableSet<Long>> acknowledged = new ConcurrentHashMap<>();
    private final AtomicLong acknowledgedSamples = new AtomicLong();
    private final AtomicLong notTaken = new AtomicLong();
    private final Map<String, Long> nextSequence = new ConcurrentHashMap<>();
    private int nextMachine;

    private AcknowledgedLoad(List<String> machineIds, MqttAsyncClient client) {
        this.machineIds = machineIds;
        this.client = client;
        machineIds.forEach(id -> {
            acknowledged.put(id, new ConcurrentSkipListSet<>());
            nextSequence.put(id, 1L);
        });
    }

    /** Connects and starts publishing for {@code machines} machines named {@code <prefix>-001} on. */
    static AcknowledgedLoad start(String mqttUrl, String prefix, int machines) throws MqttException {
        List<String> ids = new ArrayList<>();
        for (int machine = 1; machine <= machines; machine++) {
            ids.add(String.format(Locale.ROOT, "%s-%03d", prefix, machine));
        }
        MqttAsyncClient client = new MqttAsyncClient(mqttUrl, "reliability-" + prefix, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(1_000);
        options.setMaxInflight(10_000);
        client.connect(options).waitForCompletion(10_000);
        AcknowledgedLoad load = new AcknowledgedLoad(List.copyOf(ids), client);
        long periodMicros = 1_000_000L / machines;
        load.pacer.scheduleAtFixedRate(load::publishNext, 0, periodMicros, TimeUnit.MICROSECONDS);
        return load;
    }

    List<String> machineIds() {
        return machineIds;
    }

    /** Samples a second, all machines together. */
    int samplesPerSecond() {
        return machineIds.size() * SAMPLES_PER_BATCH;
    }

    long acknowledgedSamples() {
        return acknowledgedSamples.get();
    }

    /** Batches the broker did not take (not connected, or refused): not acknowledged, so nobody owes them. */
    long batchesNotTaken() {
        return notTaken.get();
    }

    /** The first sequence number of every acknowledged batch of {@code machineId}. */
    NavigableSet<Long> acknowledgedBatches(String machineId) {
        return acknowledged.get(machineId);
    }

    private void publishNext() {
        String machineId = machineIds.get(nextMachine);
        nextMachine = (nextMachine + 1) % machineIds.size();
        long first = nextSequence.merge(machineId, (long) SAMPLES_PER_BATCH, Long::sum) - SAMPLES_PER_BATCH;
        Instant now = Instant.now();
        List<TelemetrySample> samples = new ArrayList<>(SAMPLES_PER_BATCH);
        for (int i = 0; i < SAMPLES_PER_BATCH; i++) {
            samples.add(TwinTesting.sample(now.minus(Duration.ofMillis(100L * (SAMPLES_PER_BATCH - 1 - i))), first + i, 30, 1));
        }
        byte[] payload = codec.encode(new TelemetryBatch(ProtocolCodec.SCHEMA_VERSION, machineId, samples));
        try {
            client.publish(Topics.telemetry(machineId), payload, 1, false, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    acknowledged.get(machineId).add(first);
                    acknowledgedSamples.addAndGet(SAMPLES_PER_BATCH);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    notTaken.incrementAndGet();
                }
            });
        } catch (MqttException notConnected) {
            notTaken.incrementAndGet();
        }
    }

    /** Stops publishing and waits for the acknowledgements of what is in flight. */
    @Override
    public void close() throws Exception {
        pacer.shutdown();
        if (!pacer.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the publisher did not stop");
        }
        if (client.isConnected()) {
            client.disconnect(10_000).waitForCompletion(15_000); // waits for the in-flight acknowledgements
        }
        client.close(true);
    }
}
