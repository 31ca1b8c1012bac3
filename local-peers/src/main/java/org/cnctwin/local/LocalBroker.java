package org.cnctwin.local;

import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MQTT broker inside this JVM (Moquette) on 127.0.0.1, for the one-command demo: nothing to
 * install. It ignores shared subscriptions and drops QoS 0 under load, so tests and the local
 * cluster use Mosquitto instead.
 */
public final class LocalBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalBroker.class);

    private final Server server;
    private final int port;

    private LocalBroker(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    /** @param folder where it keeps persistent sessions and their unacknowledged messages between runs */
    public static LocalBroker start(Path folder, int port) {
        try {
            Files.createDirectories(folder);
            Properties properties = new Properties();
            properties.setProperty(IConfig.HOST_PROPERTY_NAME, "127.0.0.1");
            properties.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(port));
            properties.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
            properties.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "true");
            properties.setProperty(IConfig.DATA_PATH_PROPERTY_NAME, folder.toAbsolutePath().toString());
            properties.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
            Server server = new Server();
            server.startServer(new MemoryConfig(properties));
            log.info("in-process MQTT broker (Moquette) on 127.0.0.1:{}", port);
            return new LocalBroker(server, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the in-process broker in " + folder + ": " + e.getMessage(), e);
        }
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
