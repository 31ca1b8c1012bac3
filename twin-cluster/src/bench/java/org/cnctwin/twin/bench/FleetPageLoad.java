package org.cnctwin.twin.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.cnctwin.local.EmbeddedCassandra;
import org.cnctwin.machine.testing.Folders;
import org.cnctwin.protocol.ProtocolCodec;
import org.cnctwin.protocol.Severity;
import org.cnctwin.protocol.TelemetryBatch;
import org.cnctwin.protocol.TelemetrySample;
import org.cnctwin.twin.Finding;
import org.cnctwin.twin.MachineTwin;
import org.cnctwin.twin.TwinTesting;
import org.cnctwin.twin.fleet.FleetView;
import org.cnctwin.twin.http.ApiAuth;
import org.cnctwin.twin.http.TwinRoutes;
import org.cnctwin.twin.metrics.TwinMetrics;

/**
 * The fleet page at fleet scale: {@code --twins} twins (100,000) on a one-node cluster with a real
 * Cassandra 5.0, each with a report and one in {@code --warning-every} (100) with a warning, all
 * passivated; then {@code --requests} requests of the page's filtered fleet query over HTTP from
 * {@code --clients} clients. Prints the latency quantiles and how many twins the requests
 * recovered, from cnc_twin_recovery_seconds: the fleet view answers, so it must be none.
 * Run it with {@code ./mvnw -B -Dbench -DskipTests verify -pl twin-cluster -Djmh.main=org.cnctwin.twin.bench.FleetPageLoad -Djmh.args="..."}.
 */
public final class FleetPageLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private FleetPageLoad() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("twins", "100000", "warning-every", "100", "requests", "1000", "clients", "4",
                "in-flight", "64", "cassandra-heap-mb", "1024", "query", "health=warning&limit=100"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--") || !options.containsKey(args[i].substring(2))) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + options.keySet());
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        int twins = Integer.parseInt(options.get("twins"));
        System.out.printf(Locale.ROOT, "fleet page load: %s, %d cores, JVM heap max %d MB%n", options, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        Path folder = Files.createTempDirectory("fleet-page-load-");
        try (EmbeddedCassandra cassandra = EmbeddedCassandra.start(folder.resolve("cassandra"), 0, Integer.parseInt(options.get("cassandra-heap-mb")))) {
            ActorSystem<Void> node = ActorSystem.create(Behaviors.empty(), "fleet-page", ConfigFactory.load(ConfigFactory.parseString("""
                    datastax-java-driver.basic.contact-points = ["%s"]
                    pekko.remote.artery.canonical.port = 0
                    pekko.loglevel = WARNING
                    pekko.cluster.sharding.passivation.default-idle-strategy.idle-entity.timeout = 20s
                    """.formatted(cassandra.contactPoint())).withFallback(ConfigFactory.defaultApplication())));
            try {
                run(BenchNode.joinedWithTwins(node), options, twins);
            } finally {
                BenchNode.stop(node);
            }
        } finally {
            Folders.delete(folder);
        }
    }

    private static void run(ActorSystem<Void> node, Map<String, String> options, int twins) throws Exception {
        FleetView fleetView = FleetView.start(node);
        CassandraReadJournal journal = PersistenceQuery.get(node).getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
        TwinRoutes routes = new TwinRoutes(node, fleetView, journal, command -> CompletableFuture.completedFuture(Done.getInstance()),
                new TwinRoutes.Settings(new ApiAuth.Open(), 64 * 1024, 256, Duration.ofSeconds(15), 2000));
        ServerBinding binding = Http.get(node).newServerAt("127.0.0.1", 0).bind(routes.routes()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        String base = "http://127.0.0.1:" + binding.localAddress().getPort();

        long start = System.nanoTime();
        populate(node, twins, Integer.parseInt(options.get("warning-every")), Integer.parseInt(options.get("in-flight")));
        System.out.printf(Locale.ROOT, "%,d twins recorded in %.0f s%n", twins, (System.nanoTime() - start) / 1e9);
        long viewStart = System.nanoTime();
        while (total(base + "/api/v1/machines?limit=1") < twins) {
            Thread.sleep(1000); // the projection catching up; the driver reports how long it took
        }
        System.out.printf(Locale.ROOT, "the fleet view had all of them %.0f s later%n", (System.nanoTime() - viewStart) / 1e9);
        TwinMetrics metrics = TwinMetrics.get(node);
        while (activeTwins(base) > 0) {
            Thread.sleep(1000); // passivation (20 s idle) takes every twin out of memory
        }
        System.out.println("every twin passivated: a request that asked a twin would recover it from Cassandra");

        TwinMetrics.Recoveries before = metrics.recoveries();
        String url = base + "/api/v1/machines?" + options.get("query");
        int expected = twins / Integer.parseInt(options.get("warning-every"));
        long[] latencies = measure(url, Integer.parseInt(options.get("requests")), Integer.parseInt(options.get("clients")), expected);
        TwinMetrics.Recoveries after = metrics.recoveries();
        Arrays.sort(latencies);
        System.out.printf(Locale.ROOT, "%nGET %s over %,d twins (%,d match): %d requests from %s clients: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms"
                        + "%ntwins recovered by those requests: %d (cnc_twin_recovery_seconds_count %d -> %d); twins in memory after: %.0f%n",
                options.get("query"), twins, expected, latencies.length, options.get("clients"), quantile(latencies, 0.5), quantile(latencies, 0.9),
                quantile(latencies, 0.99), latencies[latencies.length - 1] / 1e6, after.count() - before.count(), before.count(), after.count(),
                activeTwins(base));
        binding.unbind();
    }

    /** One batch per twin, and a warning for one in {@code warningEvery}, at most {@code inFlight} asks at a time. */
    private static void populate(ActorSystem<Void> node, int twins, int warningEvery, int inFlight) throws Exception {
        ClusterSharding sharding = ClusterSharding.get(node);
        Semaphore permits = new Semaphore(inFlight);
        for (int twin = 0; twin < twins; twin++) {
            String machineId = String.format("fp-%06d", twin);
            boolean warning = twin % warningEvery == 0;
            permits.acquire();
            List<TelemetrySample> samples = TwinTesting.batch(machineId, 1, 10).samples();
            sharding.entityRefFor(MachineTwin.ENTITY_TYPE_KEY, machineId)
                    .<MachineTwin.Recorded>askWithStatus(replyTo -> new MachineTwin.RecordTelemetry(new TelemetryBatch(ProtocolCodec.SCHEMA_VERSION,
                            machineId, samples), replyTo), Duration.ofSeconds(60))
                    .whenComplete((recorded, failure) -> {
                        if (warning && failure == null) {
                            sharding.entityRefFor(MachineTwin.ENTITY_TYPE_KEY, machineId).tell(new MachineTwin.ReportFinding(new Finding.AnomalyStarted(
                                    "SPINDLE_TEMPERATURE", Severity.WARNING, "bench", "a warning for the fleet page's filter", List.of())));
                        }
                        if (failure != null) {
                            System.out.println(machineId + " not recorded: " + failure);
                        }
                        permits.release();
                    });
            if (twin > 0 && twin % 20_000 == 0) {
                System.out.printf(Locale.ROOT, "  %,d twins recorded%n", twin);
            }
        }
        permits.acquire(inFlight);
    }

    private static long[] measure(String url, int requests, int clients, int expected) throws Exception {
        long[] latencies = new long[requests];
        List<Thread> threads = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            int first = client;
            Thread thread = new Thread(() -> {
                for (int request = first; request < requests; request += clients) {
                    long start = System.nanoTime();
                    JsonNode page = get(url);
                    latencies[request] = System.nanoTime() - start;
                    if (page.get("total").asInt() != expected) {
                        throw new IllegalStateException(url + " gave total " + page.get("total") + ", expected " + expected);
                    }
                }
            }, "client-" + client);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return latencies;
    }

    private static double quantile(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    private static int total(String url) {
        return get(url).get("total").asInt();
    }

    private static double activeTwins(String base) {
        try {
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            return metrics.lines().filter(line -> line.startsWith("cnc_twins_active ")).mapToDouble(line -> Double.parseDouble(line.split(" ")[1]))
                    .findFirst().orElseThrow();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode get(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + ": " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
