package org.cnctwin.twin.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.cnctwin.local.EmbeddedCassandra;
import org.cnctwin.machine.publish.Mosquitto;
import org.cnctwin.machine.testing.Folders;
import org.cnctwin.protocol.ProtocolCodec;
import org.cnctwin.protocol.TelemetryBatch;
import org.cnctwin.protocol.TelemetrySample;
import org.cnctwin.protocol.Topics;
import org.cnctwin.twin.MachineTwin;
import org.cnctwin.twin.TwinState;
import org.cnctwin.twin.TwinTesting;
import org.cnctwin.twin.ingest.MqttIngest;
import org.cnctwin.twin.metrics.TwinMetrics;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The twin's end-to-end load benchmark on one machine: Cassandra 5.0 (forked JVM), Mosquitto and
 * a one-node cluster with the MQTT ingest, fed by publishers in this JVM. Prints:
 * <ol>
 *   <li>persisted samples/s at the highest rate the chain takes (publishers as fast as QoS 1 lets them);</li>
 *   <li>publish → persisted latency p50/p99 at half that rate;</li>
 *   <li>heap per hot twin, with {@code --twins} twins holding state;</li>
 *   <li>recovery time of twins with a long history, after a node restart.</li>
 * </ol>
 * Options: {@code --machines 1000 --warmup 20 --seconds 40 --publishers 4 --connections 4 --parallelism 64 --twins 20000
 * --history-batches 348 --samples-per-batch 10 --recovery-only 0}; {@code --recovery-only 1} measures only the recovery, on an
 * otherwise idle Cassandra. Run it with {@code ./mvnw -B -Dbench -DskipTests verify -pl twin-cluster -Djmh.args="..."}.
 */
public final class IngestLoad {

    private final Map<String, String> options;
    private final EmbeddedCassandra cassandra;
    private final Mosquitto broker;
    private final ProtocolCodec codec = new ProtocolCodec();
    /** Samples the broker acknowledged in the phases before this one. */
    private final AtomicLong acknowledgedTotal = new AtomicLong();
    /** Every batch the broker acknowledged in the current phase: which ones are missing, when some are. */
    private final Queue<PublishedBatch> acknowledgedBatches = new ConcurrentLinkedQueue<>();

    private record PublishedBatch(String machineId, long firstSequenceNumber) {}

    private IngestLoad(Map<String, String> options, EmbeddedCassandra cassandra, Mosquitto broker) {
        this.options = options;
        this.cassandra = cassandra;
        this.broker = broker;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("machines", "1000", "warmup", "20", "seconds", "40", "publishers", "4",
                "connections", "4", "parallelism", "64", "twins", "20000", "history-batches", String.valueOf(WORST_CASE_HISTORY_BATCHES),
                "cassandra-heap-mb", "768", "samples-per-batch", "10"));
        options.put("recovery-only", "0"); // Map.of takes ten pairs
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--") || !options.containsKey(args[i].substring(2))) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + options.keySet());
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        Path folder = Files.createTempDirectory("ingest-load-");
        System.out.printf(Locale.ROOT, "ingest load: %s, %d cores, JVM heap max %d MB%n", options, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        Path brokerFolder = Files.createDirectories(folder.resolve("mosquitto"));
        try (EmbeddedCassandra cassandra = EmbeddedCassandra.start(folder.resolve("cassandra"), 0, Integer.parseInt(options.get("cassandra-heap-mb")));
             Mosquitto broker = new Mosquitto(brokerFolder, String.join("\n", "allow_anonymous true", "max_queued_messages 1000000"))) {
            new IngestLoad(options, cassandra, broker).run();
        } finally {
            Folders.delete(folder); // Cassandra's data of a full run is several hundred MB
        }
    }

    /** A quantile as printed. */
    private static String millis(double quantile) {
        return Double.isNaN(quantile) ? "-" : String.format(Locale.ROOT, "%.0f", quantile);
    }

    /** Samples the twins persisted or recognised as already persisted: every acknowledged sample ends up in one of the two. */
    private static long recordedOrRepeated(TwinMetrics.IngestCounts counts) {
        return counts.samplesRecorded() + counts.duplicates();
    }


    private int option(String name) {
        return Integer.parseInt(options.get(name));
    }

    private void run() throws Exception {
        ActorSystem<Void> node = startNode();
        try {
            if (option("recovery-only") == 0) {
                MqttIngest ingest = MqttIngest.create(node, MqttIngest.Settings.fromConfig(node.settings().config()));
                // A publisher that starts first loses its first messages: the broker drops what no subscription matches.
                ingest.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
                double maxRate = phase(node, ingest, "max", 0);
                phase(node, ingest, "half", maxRate / 2);
                ingest.drain().toCompletableFuture().get(30, TimeUnit.SECONDS);
                heapPerTwin(node);
            }
            writeHistories(node);
        } finally {
            stop(node);
        }
        ActorSystem<Void> restarted = startNode();
        try {
            recovery(restarted);
        } finally {
            stop(restarted);
        }
    }

    private ActorSystem<Void> startNode() throws Exception {
        Config config = ConfigFactory.parseString("""
                datastax-java-driver.basic.contact-points = ["%s"]
                pekko.remote.artery.canonical.port = 0
                pekko.loglevel = WARNING
                pekko.cluster.sharding.passivation.default-idle-strategy.idle-entity.timeout = 30 minutes
                cnc-twin.ingest.mqtt { url = "%s", client-id-prefix = "load-%d", connections-per-channel = %d, parallelism = %d, ask-timeout = 30s }
                """.formatted(cassandra.contactPoint(), broker.url("tcp"), System.nanoTime(), option("connections"), option("parallelism")))
                .withFallback(ConfigFactory.load());
        return BenchNode.joinedWithTwins(ActorSystem.create(Behaviors.empty(), "load", config));
    }

    private static void stop(ActorSystem<Void> node) throws Exception {
        BenchNode.stop(node);
    }

    /**
     * Publishes for warm-up + measured seconds at {@code samplesPerSecond} (0: as fast as QoS 1 allows)
     * and prints what was persisted in the measured window.
     *
     * @return persisted samples per second in the window
     */
    private double phase(ActorSystem<Void> node, MqttIngest ingest, String name, double samplesPerSecond) throws Exception {
        int machines = option("machines");
        int publishers = option("publishers");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong published = new AtomicLong();
        AtomicLong acknowledged = new AtomicLong();
        TwinMetrics metrics = TwinMetrics.get(node);
        List<Thread> threads = new ArrayList<>();
        for (int publisher = 0; publisher < publishers; publisher++) {
            int first = publisher;
            Thread thread = new Thread(() -> publish(name, first, publishers, machines, samplesPerSecond / publishers, running, published,
                    acknowledged, () -> recordedOrRepeated(metrics.ingestCounts())),
                    "publisher-" + name + "-" + publisher);
            thread.start();
            threads.add(thread);
        }
        Thread.sleep(option("warmup") * 1000L);
        TwinMetrics.IngestCounts before = metrics.ingestCounts();
        long publishedBefore = published.get();
        HistogramSnapshot.HistogramDataPointSnapshot lagBefore = metrics.ingestLag();
        long start = System.nanoTime();
        Thread.sleep(option("seconds") * 1000L);
        double seconds = (System.nanoTime() - start) / 1e9;
        TwinMetrics.IngestCounts after = metrics.ingestCounts();
        HistogramSnapshot.HistogramDataPointSnapshot lagAfter = metrics.ingestLag();
        double persistedRate = (after.samplesRecorded() - before.samplesRecorded()) / seconds;
        double publishedRate = (published.get() - publishedBefore) / seconds;
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        System.out.printf(Locale.ROOT, "%n[%s] target %s samples/s: published %,.0f samples/s, persisted %,.0f samples/s; "
                        + "publish->persisted p50 %s ms, p99 %s ms (%,d batches); messages taken %,.0f/s, duplicate samples %,.0f/s; "
                        + "dead letters %d, restarts %d%n",
                name, samplesPerSecond == 0 ? "max" : String.format(Locale.ROOT, "%,.0f", samplesPerSecond), publishedRate, persistedRate,
                millis(LagQuantiles.quantileMillis(lagBefore, lagAfter, 0.5)), millis(LagQuantiles.quantileMillis(lagBefore, lagAfter, 0.99)),
                lagAfter.getCount() - lagBefore.getCount(),
                (after.messages() - before.messages()) / seconds, (after.duplicates() - before.duplicates()) / seconds,
                after.deadLetters(), after.restarts());
        // The backlog drains before the next phase, so its latency is the chain's, not a queue's.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (recordedOrRepeated(metrics.ingestCounts()) < acknowledgedTotal.get() + acknowledged.get() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        long unaccounted = acknowledgedTotal.get() + acknowledged.get() - recordedOrRepeated(metrics.ingestCounts());
        if (unaccounted > 0) {
            System.out.printf(Locale.ROOT, "[%s] LOST: %,d samples acknowledged by the broker were neither persisted nor seen again within 120 s%n",
                    name, unaccounted);
            reportMissingBatches(node, name);
            // Connections and drops are the broker's notices and warnings: the first place to look.
            broker.log().stream().filter(line -> !line.contains("New connection from") && !line.contains("New client connected"))
                    .forEach(line -> System.out.println("[" + name + "] broker: " + line));
        }
        acknowledgedTotal.addAndGet(acknowledged.get());
        acknowledgedBatches.clear();
        return persistedRate;
    }

    /** Asks each twin of the phase which acknowledged batches it lacks, and prints them: where a loss happened tells who lost it. */
    private void reportMissingBatches(ActorSystem<Void> node, String phase) throws Exception {
        Map<String, List<Long>> byMachine = new TreeMap<>();
        for (PublishedBatch batch : acknowledgedBatches) {
            byMachine.computeIfAbsent(batch.machineId(), id -> new ArrayList<>()).add(batch.firstSequenceNumber());
        }
        ClusterSharding sharding = ClusterSharding.get(node);
        int missing = 0;
        for (Map.Entry<String, List<Long>> machine : byMachine.entrySet()) {
            TwinState state = sharding.entityRefFor(MachineTwin.ENTITY_TYPE_KEY, machine.getKey())
                    .<TwinState>ask(MachineTwin.GetTwin::new, Duration.ofSeconds(30)).toCompletableFuture().get(30, TimeUnit.SECONDS);
            List<Long> lacking = machine.getValue().stream().filter(sequence -> !state.samples().contains(sequence)).sorted().toList();
            if (!lacking.isEmpty() && missing++ < 30) {
                System.out.printf(Locale.ROOT, "[%s] %s lacks the batches from samples %s (%d acknowledged; the twin's last sample %d)%n",
                        phase, machine.getKey(), lacking, machine.getValue().size(), state.lastSequenceNumber());
            }
        }
        System.out.printf(Locale.ROOT, "[%s] %d of %d machines lack acknowledged batches%n", phase, missing, byMachine.size());
    }

    /**
     * Published but not yet persisted samples, at most: publishers wait above it, so "max" measures what the chain
     * sustains instead of how fast a broker queue fills.
     */
    static final long MAX_BACKLOG_SAMPLES = 20_000;

    /** One publisher: its share of the machines, one batch of 10 samples per machine per round, QoS 1. */
    private void publish(String phase, int first, int step, int machines, double samplesPerSecond, AtomicBoolean running, AtomicLong published,
                         AtomicLong acknowledged, LongSupplier persisted) {
        try {
            MqttAsyncClient client = new MqttAsyncClient(broker.url("tcp"), "load-" + phase + "-" + first, new MemoryPersistence());
            MqttConnectOptions connect = new MqttConnectOptions();
            connect.setMaxInflight(2_000);
            connect.setCleanSession(true);
            client.connect(connect).waitForCompletion(10_000);
            Semaphore inflight = new Semaphore(2_000);
            int perBatch = option("samples-per-batch");
            IMqttActionListener release = new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    acknowledged.addAndGet(perBatch); // the broker has it: the drain after the phase checks none is lost
                    acknowledgedBatches.add((PublishedBatch) token.getUserContext());
                    inflight.release();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    inflight.release();
                }
            };
            List<String> ids = new ArrayList<>();
            for (int machine = first; machine < machines; machine += step) {
                ids.add(String.format(Locale.ROOT, "%s-%05d", phase, machine + 1));
            }
            long round = 0;
            long sent = 0;
            long start = System.nanoTime();
            while (running.get()) {
                for (String id : ids) {
                    Instant now = Instant.now();
                    List<TelemetrySample> samples = new ArrayList<>(perBatch);
                    for (int i = 0; i < perBatch; i++) {
                        long sequence = round * perBatch + i + 1;
                        samples.add(cutting(now.minusMillis(100L * (perBatch - 1 - i)), sequence));
                    }
                    byte[] payload = codec.encode(new TelemetryBatch(ProtocolCodec.SCHEMA_VERSION, id, samples));
                    while (published.get() - persisted.getAsLong() > MAX_BACKLOG_SAMPLES && running.get()) {
                        TimeUnit.MILLISECONDS.sleep(1); // closed loop: the ingest sets the pace
                    }
                    inflight.acquire();
                    client.publish(Topics.telemetry(id), payload, 1, false, new PublishedBatch(id, samples.get(0).sequenceNumber()), release);
                    published.addAndGet(perBatch);
                    sent += perBatch;
                    if (samplesPerSecond > 0) {
                        long wait = start + (long) (sent / samplesPerSecond * 1e9) - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait); // evenly paced, message by message, like machines on their own clocks
                        }
                    }
                }
                round++;
            }
            client.disconnect().waitForCompletion(10_000);
            client.close();
        } catch (Exception e) {
            throw new IllegalStateException("publisher " + first + " failed", e);
        }
    }

    /** A sample of a machine cutting steadily with tool 2, as every phase publishes. */
    private static TelemetrySample cutting(Instant timestamp, long sequenceNumber) {
        return TwinTesting.sample(timestamp, sequenceNumber, 30, 1);
    }

    /** Heap per twin that holds state in memory: one batch to each of {@code --twins} new twins, then the heap grown, after GC. */
    private void heapPerTwin(ActorSystem<Void> node) throws Exception {
        int twins = option("twins");
        long before = usedHeapAfterGc();
        ClusterSharding sharding = ClusterSharding.get(node);
        // Only counts outlive the asks: a list of their futures would be measured as the twins' heap.
        Semaphore inflight = new Semaphore(256);
        CountDownLatch answered = new CountDownLatch(twins);
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        for (int twin = 0; twin < twins; twin++) {
            String id = String.format(Locale.ROOT, "hot-%06d", twin);
            TelemetryBatch batch = new TelemetryBatch(ProtocolCodec.SCHEMA_VERSION, id, List.of(cutting(Instant.now(), 1)));
            inflight.acquire();
            sharding.entityRefFor(MachineTwin.ENTITY_TYPE_KEY, id)
                    .<MachineTwin.Recorded>askWithStatus(replyTo -> new MachineTwin.RecordTelemetry(batch, replyTo), Duration.ofSeconds(60))
                    .whenComplete((recorded, failure) -> {
                        if (failure != null) {
                            failed.incrementAndGet();
                        }
                        inflight.release();
                        answered.countDown();
                    });
        }
        if (!answered.await(10, TimeUnit.MINUTES) || failed.get() > 0) {
            throw new IllegalStateException("heap phase: " + answered.getCount() + " twins unanswered, " + failed.get() + " failed");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long after = usedHeapAfterGc();
        System.out.printf(Locale.ROOT, "%n[heap] %,d hot twins (each with its two children and state): %,d bytes each "
                + "(heap %d MB -> %d MB after GC); created and persisted in %.1f s (%,.0f twins/s)%n",
                twins, (after - before) / twins, before >> 20, after >> 20, seconds, twins / seconds);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300); // let the collector finish its concurrent work between the calls
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static final int HISTORY_TWINS = 10;
    /**
     * With the configuration event, 14 snapshot intervals less one event: the history twins recover
     * from a snapshot and replay the most events any twin replays, the worst case.
     */
    static final int WORST_CASE_HISTORY_BATCHES = 14 * MachineTwin.SNAPSHOT_EVERY_EVENTS - 2;

    /** Twins with long histories, for the recovery measurement after the restart. */
    private void writeHistories(ActorSystem<Void> node) throws Exception {
        ClusterSharding sharding = ClusterSharding.get(node);
        for (int twin = 0; twin < HISTORY_TWINS; twin++) {
            String id = "history-" + twin;
            for (int batch = 0; batch < option("history-batches"); batch++) {
                long first = batch * 10L + 1;
                List<TelemetrySample> samples = new ArrayList<>();
                for (long sequence = first; sequence < first + 10; sequence++) {
                    samples.add(cutting(Instant.now(), sequence));
                }
                TelemetryBatch telemetry = new TelemetryBatch(ProtocolCodec.SCHEMA_VERSION, id, samples);
                sharding.entityRefFor(MachineTwin.ENTITY_TYPE_KEY, id)
                        .<MachineTwin.Recorded>askWithStatus(replyTo -> new MachineTwin.RecordTelemetry(telemetry, replyTo), Duration.ofSeconds(30))
                        .toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * On a fresh node: the time from asking a twin for its state to its answer, which waits for its
     * recovery; and the twins' own recovery time from the metric. Each history twin's shard is
     * allocated first by a twin without history in it, so the figure is the twin's, not the shard's.
     */
    private void recovery(ActorSystem<Void> node) throws Exception {
        ClusterSharding sharding = ClusterSharding.get(node);
        HashCodeMessageExtractor<MachineTwin.Command> shards =
                new HashCodeMessageExtractor<>(node.settings().config().getInt("pekko.cluster.sharding.number-of-shards"));
        for (int twin = 0; twin < HISTORY_TWINS; twin++) {
            String shard = shards.shardId("history-" + twin);
            String neighbour = "warm-up-0";
            for (int candidate = 1; !shards.shardId(neighbour).equals(shard); candidate++) {
                neighbour = "warm-up-" + candidate;
            }
            sharding.entityRefFor(MachineTwin.ENTITY_TYPE_KEY, neighbour).<TwinState>ask(MachineTwin.GetTwin::new, Duration.ofSeconds(60))
                    .toCompletableFuture().get(60, TimeUnit.SECONDS); // the shard's allocation and the first journal queries
        }
        TwinMetrics metrics = TwinMetrics.get(node);
        TwinMetrics.Recoveries before = metrics.recoveries();
        List<Double> millis = new ArrayList<>();
        long events = 0;
        for (int twin = 0; twin < HISTORY_TWINS; twin++) {
            long start = System.nanoTime();
            TwinState state = sharding.entityRefFor(MachineTwin.ENTITY_TYPE_KEY, "history-" + twin)
                    .<TwinState>ask(MachineTwin.GetTwin::new, Duration.ofSeconds(30)).toCompletableFuture().get(30, TimeUnit.SECONDS);
            millis.add((System.nanoTime() - start) / 1e6);
            events = state.version();
        }
        String inOrder = millis.stream().map(value -> String.format(Locale.ROOT, "%.0f", value)).collect(Collectors.joining(", "));
        millis.sort(null);
        TwinMetrics.Recoveries after = metrics.recoveries();
        System.out.printf(Locale.ROOT, "%n[recovery] %d twins of %,d events each (snapshot every %d: %d events replayed), their shards allocated before: "
                        + "ask -> answer median %.1f ms, max %.1f ms; the recovery itself (cnc_twin_recovery_seconds) %.1f ms on average "
                        + "(%.1f ms for a twin without history); ask -> answer in the order asked: %s ms%n",
                HISTORY_TWINS, events, MachineTwin.SNAPSHOT_EVERY_EVENTS, events % MachineTwin.SNAPSHOT_EVERY_EVENTS, millis.get(millis.size() / 2), millis.get(millis.size() - 1),
                (after.totalSeconds() - before.totalSeconds()) / (after.count() - before.count()) * 1000,
                before.totalSeconds() / before.count() * 1000, inOrder);
    }
}
