package org.cnctwin.machine.publish;

import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.net.ssl.SSLSocketFactory;
import org.cnctwin.protocol.ProtocolCodec;
import org.cnctwin.protocol.TelemetryBatch;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A subscriber that keeps what it receives: a persistent session that reconnects by itself. */
public final class MqttObserver implements AutoCloseable {
    public final Queue<Map.Entry<String, byte[]>> received = new ConcurrentLinkedQueue<>();
    public final MqttClient client;

    public MqttObserver(String url, String clientId, SSLSocketFactory tls, String... filters) throws MqttException {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(1000);
        if (tls != null) {
            options.setSocketFactory(tls);
        }
        client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(Map.entry(topic, message.getPayload()));
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {}
        });
        client.connect(options);
        for (String filter : filters) {
            client.subscribe(filter, 1);
        }
    }

    /** First sequence number of every telemetry batch received, per machine: duplicates collapse. */
    public Map<String, Set<Long>> batches() {
        Map<String, Set<Long>> batches = new TreeMap<>();
        for (Map.Entry<String, byte[]> message : received) {
            if (message.getKey().endsWith("/telemetry")) {
                TelemetryBatch batch = new ProtocolCodec().decodeTelemetry(message.getKey(), message.getValue()).message();
                batches.computeIfAbsent(batch.machineId(), id -> new TreeSet<>()).add(batch.samples().get(0).sequenceNumber());
            }
        }
        return batches;
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
