package org.cnctwin.machine.publish;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.cnctwin.local.LoopbackPorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker for a test: the Debian package's binary, started on 127.0.0.1 on a free
 * port with the test's own configuration and persistence folder (no system service), stopped by
 * its PID. {@code .ci/run} installs the package; without it the test fails saying so.
 */
public final class Mosquitto implements AutoCloseable {

    private static final Path BINARY = Path.of(System.getenv().getOrDefault("MOSQUITTO", "/usr/sbin/mosquitto"));

    private final Path folder;
    private final int port;
    private final Path config;
    private Process process;

    /**
     * @param listenerOptions lines added under the listener (TLS, ACL...)
     */
    public Mosquitto(Path folder, String listenerOptions) throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " not found: install Debian's mosquitto package (apt-get install mosquitto; .ci/run does)");
        }
        this.folder = folder;
        this.port = LoopbackPorts.free();
        this.config = folder.resolve("mosquitto.conf");
        Files.writeString(config, String.join("\n",
                "listener " + port + " 127.0.0.1",
                listenerOptions,
                // Started as root, Mosquitto would switch to the 'mosquitto' user, which cannot write this folder.
                "user " + System.getProperty("user.name"),
                // Sessions and queued QoS 1 messages survive a restart, as on a production broker.
                "persistence true",
                "persistence_location " + folder.toAbsolutePath() + "/",
                "log_dest file " + folder.resolve("mosquitto.log").toAbsolutePath(),
                "log_type error", "log_type warning", "log_type notice", ""));
        start();
    }

    public static Mosquitto plain(Path folder) throws IOException {
        return new Mosquitto(folder, "allow_anonymous true");
    }

    public int port() {
        return port;
    }

    public String url(String scheme) {
        return scheme + "://127.0.0.1:" + port;
    }

    public void start() {
        try {
            process = new ProcessBuilder(BINARY.toString(), "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(folder.resolve("mosquitto.out").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .failFast(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ": " + output());
                    }
                })
                .until(() -> LoopbackPorts.accepting(port));
    }

    /** Stops the broker the way a service manager does (SIGTERM), so it saves its state. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The broker's log (errors, warnings, notices): why it dropped a message or a client, when it did. */
    public List<String> log() throws IOException {
        Path log = folder.resolve("mosquitto.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** What the broker printed and logged: the reason when it would not start. */
    private String output() throws IOException {
        StringBuilder text = new StringBuilder();
        for (Path file : new Path[] {folder.resolve("mosquitto.out"), folder.resolve("mosquitto.log")}) {
            if (Files.exists(file)) {
                text.append(Files.readString(file).strip()).append('\n');
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        stop();
    }
}
