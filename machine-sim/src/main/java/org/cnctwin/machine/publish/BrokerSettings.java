package org.cnctwin.machine.publish;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;
import org.apache.pekko.stream.connectors.mqtt.MqttConnectionSettings;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Where and how machines connect: {@code tcp://host:1883}, or {@code ssl://host:8883} with a CA
 * file and, for AWS IoT Core, a client certificate and key. {@code {id}} in the certificate and
 * key paths stands for the machine id, for fleets with one certificate per thing.
 */
public record BrokerSettings(String url, Path caFile, String certFilePattern, String keyFilePattern, String username, String password) {

    public static final String ID_PLACEHOLDER = "{id}";

    public BrokerSettings {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--broker: expected tcp://host:port or ssl://host:port, was \"" + url + '"');
        }
        if (!"tcp".equals(uri.getScheme()) && !"ssl".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("--broker: expected tcp://host:port or ssl://host:port, was \"" + url + '"');
        }
        if ("ssl".equals(uri.getScheme()) && caFile == null) {
            throw new IllegalArgumentException("--broker " + url + " is TLS: give the broker's CA with --tls-ca");
        }
        if ((certFilePattern == null) != (keyFilePattern == null)) {
            throw new IllegalArgumentException("a client certificate needs both --tls-cert and --tls-key");
        }
    }

    public static BrokerSettings plain(String url) {
        return new BrokerSettings(url, null, null, null, null, null);
    }

    public boolean tls() {
        return url.startsWith("ssl:");
    }

    static final Duration KEEP_ALIVE = Duration.ofSeconds(30);
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DISCONNECT_QUIESCE = Duration.ofSeconds(5);
    static final int MAX_IN_FLIGHT = 32;
    /** Paho's default is 128 s: a machine would stay away two minutes after a broker restart. */
    static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(30);

    /**
     * One client's connection, for pekko-connectors' sources: client id = machine id for a
     * machine (what AWS IoT's policies key on), a persistent session so the broker keeps
     * subscriptions and unacknowledged QoS 1 messages across a reconnect, and automatic
     * reconnection (a consumer that restarts its stream instead turns that off).
     *
     * @param sharedTls the socket factory when every client uses the same certificate, else null
     */
    public MqttConnectionSettings connection(String clientId, SSLSocketFactory sharedTls) {
        MqttConnectionSettings settings = MqttConnectionSettings.create(url, clientId, new MemoryPersistence())
                .withCleanSession(false)
                .withAutomaticReconnect(true)
                .withKeepAliveInterval(KEEP_ALIVE)
                .withConnectionTimeout(CONNECTION_TIMEOUT)
                .withDisconnectQuiesceTimeout(DISCONNECT_QUIESCE)
                .withMaxInFlight(MAX_IN_FLIGHT);
        if (username != null) {
            settings = settings.withAuth(username, password == null ? "" : password);
        }
        if (tls()) {
            settings = settings.withSocketFactory(tlsFor(clientId, sharedTls));
        }
        return settings;
    }

    /** The same connection as {@link #connection}, for a Paho client of our own ({@link MqttPublisher}). */
    public MqttConnectOptions connectOptions(String clientId, SSLSocketFactory sharedTls) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay((int) MAX_RECONNECT_DELAY.toMillis());
        options.setKeepAliveInterval((int) KEEP_ALIVE.toSeconds());
        options.setConnectionTimeout((int) CONNECTION_TIMEOUT.toSeconds());
        options.setMaxInflight(MAX_IN_FLIGHT);
        if (username != null) {
            options.setUserName(username);
            options.setPassword((password == null ? "" : password).toCharArray());
        }
        if (tls()) {
            options.setSocketFactory(tlsFor(clientId, sharedTls));
        }
        return options;
    }

    private SSLSocketFactory tlsFor(String clientId, SSLSocketFactory sharedTls) {
        return sharedTls != null ? sharedTls : socketFactoryFor(clientId);
    }

    /** One socket factory for every client, or null when the certificate paths depend on the machine id. */
    public SSLSocketFactory sharedSocketFactory() {
        if (!tls() || certFilePattern != null && (certFilePattern.contains(ID_PLACEHOLDER) || keyFilePattern.contains(ID_PLACEHOLDER))) {
            return null;
        }
        return socketFactoryFor("");
    }

    private SSLSocketFactory socketFactoryFor(String machineId) {
        return PemTls.socketFactory(caFile,
                certFilePattern == null ? null : Path.of(certFilePattern.replace(ID_PLACEHOLDER, machineId)),
                keyFilePattern == null ? null : Path.of(keyFilePattern.replace(ID_PLACEHOLDER, machineId)));
    }
}
