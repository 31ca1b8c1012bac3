package org.cnctwin.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apache Cassandra 5.0 in a JVM of its own, on 127.0.0.1, for tests and the local demo: started
 * from the jars {@code cassandra-server} copies to its {@code target/lib} (never from this
 * application's class path), with the JDK 17 flags of Cassandra's {@code jvm17-server.options}
 * and the jamm agent, a generated {@code cassandra.yaml} and a data folder that survives restarts.
 * Production points the journal at a real cluster or Amazon Keyspaces instead (docs/operations.md).
 */
public final class EmbeddedCassandra implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedCassandra.class);

    /** Where the jars are looked for, from the working folder: the repository root or a module's folder. */
    private static final List<Path> LIB_CANDIDATES = List.of(Path.of("cassandra-server/target/lib"), Path.of("../cassandra-server/target/lib"));
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private static final List<String> JDK17_FLAGS = List.of(
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
            "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "--add-opens", "java.base/java.nio=ALL-UNNAMED",
            "--add-opens", "java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "--add-opens", "java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.math=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/java.net=ALL-UNNAMED");

    private final Path dataFolder;
    private final int cqlPort;
    private final Process process;

    private EmbeddedCassandra(Path dataFolder, int cqlPort, Process process) {
        this.dataFolder = dataFolder;
        this.cqlPort = cqlPort;
        this.process = process;
    }

    /**
     * Starts Cassandra and returns once it serves CQL.
     *
     * @param dataFolder keeps data, commit log and the configuration; reuse it to keep what was stored
     * @param cqlPort 0 for any free port
     * @param heapMb Cassandra's heap; 512–768 MB serves a laptop-sized fleet
     * @throws IllegalStateException naming the reason and the log file when it does not come up
     */
    public static EmbeddedCassandra start(Path dataFolder, int cqlPort, int heapMb) {
        try {
            Files.createDirectories(dataFolder);
            Path lib = libFolder();
            int port = cqlPort == 0 ? LoopbackPorts.free() : cqlPort;
            Path config = writeConfig(dataFolder, port, LoopbackPorts.free());
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms" + heapMb + "m", "-Xmx" + heapMb + "m", "-XX:+UseG1GC", "-Xss512k"));
            command.addAll(JDK17_FLAGS);
            command.addAll(List.of(
                    "-javaagent:" + jamm(lib),
                    "-Dcassandra.config=" + config.toUri(),
                    "-Dcassandra-foreground=true",
                    "-Dcassandra.storagedir=" + dataFolder.toAbsolutePath(),
                    "-Dcassandra.jmx.local.port=" + LoopbackPorts.free(),
                    "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                    "-Dcassandra.ring_delay_ms=0",
                    "-Dlogback.configurationFile=" + writeLogConfig(dataFolder).toUri(),
                    "-cp", lib.toAbsolutePath() + "/*",
                    "org.apache.cassandra.service.CassandraDaemon"));
            Path output = dataFolder.resolve("cassandra.out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            EmbeddedCassandra cassandra = new EmbeddedCassandra(dataFolder, port, process);
            log.info("starting Cassandra 5.0 (pid {}) on 127.0.0.1:{}, data in {}", process.pid(), port, dataFolder.toAbsolutePath());
            cassandra.awaitCql();
            return cassandra;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Cassandra in " + dataFolder + ": " + e.getMessage(), e);
        }
    }

    public int cqlPort() {
        return cqlPort;
    }

    public String contactPoint() {
        return "127.0.0.1:" + cqlPort;
    }

    public long pid() {
        return process.pid();
    }

    /** Completes when Cassandra's JVM has ended, whoever ended it. */
    public java.util.concurrent.CompletableFuture<Void> exited() {
        return process.onExit().thenApply(ended -> null);
    }

    private void awaitCql() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Cassandra exited with " + process.exitValue() + " while starting; see "
                        + dataFolder.resolve("cassandra.out").toAbsolutePath() + ":\n" + tail());
            }
            if (LoopbackPorts.accepting(cqlPort)) {
                log.info("Cassandra serves CQL on {}", contactPoint());
                return;
            }
            try {
                Thread.sleep(200); // polling a port that is not open yet; there is nothing to wait on instead
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while Cassandra started", e);
            }
        }
        close();
        throw new IllegalStateException("Cassandra did not serve CQL on " + contactPoint() + " within " + START_TIMEOUT.toSeconds() + " s; see "
                + dataFolder.resolve("cassandra.out").toAbsolutePath() + ":\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(dataFolder.resolve("cassandra.out"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Stops Cassandra as its service script does (SIGTERM: it flushes and exits), and waits for it. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                log.warn("Cassandra (pid {}) did not stop within 30 s; killing it", process.pid());
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        log.info("Cassandra stopped");
    }

    static Path libFolder() {
        String configured = System.getenv("CASSANDRA_LIB");
        List<Path> candidates = configured != null ? List.of(Path.of(configured)) : LIB_CANDIDATES;
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve("cassandra-all-5.0.6.jar"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("Cassandra's jars are not in " + candidates.stream().map(path -> path.toAbsolutePath().normalize().toString()).toList()
                + ": build them with ./mvnw -B package -pl cassandra-server (the twin-cluster build does), or set CASSANDRA_LIB");
    }

    private static Path jamm(Path lib) throws IOException {
        try (Stream<Path> jars = Files.list(lib)) {
            return jars.filter(jar -> jar.getFileName().toString().matches("jamm-[0-9.]+\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no jamm agent jar in " + lib)).toAbsolutePath();
        }
    }

    /** The least a single node on loopback needs; small caches and memtables so it fits beside the cluster. */
    private static Path writeConfig(Path dataFolder, int cqlPort, int storagePort) throws IOException {
        Path data = dataFolder.toAbsolutePath();
        String yaml = String.join("\n",
                "cluster_name: cnc-twin-local",
                "num_tokens: 16",
                "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
                "commitlog_sync: periodic",
                "commitlog_sync_period: 10000ms",
                "data_file_directories: [" + data.resolve("data") + "]",
                "commitlog_directory: " + data.resolve("commitlog"),
                "saved_caches_directory: " + data.resolve("saved_caches"),
                "hints_directory: " + data.resolve("hints"),
                "cdc_raw_directory: " + data.resolve("cdc_raw"),
                "seed_provider:",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "    parameters:",
                "      - seeds: \"127.0.0.1:" + storagePort + "\"",
                "listen_address: 127.0.0.1",
                "rpc_address: 127.0.0.1",
                "storage_port: " + storagePort,
                "native_transport_port: " + cqlPort,
                "start_native_transport: true",
                "endpoint_snitch: SimpleSnitch",
                "concurrent_reads: 8",
                "concurrent_writes: 16",
                "memtable_heap_space: 64MiB",
                "key_cache_size: 8MiB",
                "auto_snapshot: false",
                "");
        return Files.writeString(dataFolder.resolve("cassandra.yaml"), yaml);
    }

    /** Cassandra's own logs go to a file in its folder at INFO, so they do not crowd the application's. */
    private static Path writeLogConfig(Path dataFolder) throws IOException {
        String xml = """
                <configuration>
                  <appender name="file" class="ch.qos.logback.core.FileAppender">
                    <file>%s</file>
                    <encoder><pattern>%%d %%-5level [%%thread] %%logger{20} - %%msg%%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="file"/></root>
                </configuration>
                """.formatted(dataFolder.toAbsolutePath().resolve("system.log"));
        return Files.writeString(dataFolder.resolve("logback-cassandra.xml"), xml);
    }
}
