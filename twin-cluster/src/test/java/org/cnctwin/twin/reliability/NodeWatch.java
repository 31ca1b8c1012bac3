package org.cnctwin.twin.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.cnctwin.twin.testing.LocalCluster;

/**
 * Watches every node twice a second while a scenario runs: the highest heap in use any node
 * reported ({@code jvm_memory_used_bytes{area="heap"}} of {@code /metrics}), the heap limit, and
 * whether any node said it was not ready ({@code /ready} of the management port).
 */
final class NodeWatch implements AutoCloseable {

    private final Supplier<List<LocalCluster.Node>> nodes;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "node-watch");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong peakHeapBytes = new AtomicLong();
    private final AtomicLong maxHeapBytes = new AtomicLong();
    private final AtomicBoolean someNodeNotReady = new AtomicBoolean();

    NodeWatch(Supplier<List<LocalCluster.Node>> nodes) {
        this.nodes = nodes;
        watch.scheduleWithFixedDelay(this::look, 0, 500, TimeUnit.MILLISECONDS);
    }

    private void look() {
        for (LocalCluster.Node node : nodes.get()) {
            try {
                String metrics = get(node.httpUrl() + "/metrics").body();
                peakHeapBytes.accumulateAndGet((long) heap(metrics, "jvm_memory_used_bytes"), Math::max);
                maxHeapBytes.accumulateAndGet((long) heap(metrics, "jvm_memory_max_bytes"), Math::max);
                if (get(node.managementUrl() + "/ready").statusCode() != 200) {
                    someNodeNotReady.set(true);
                }
            } catch (java.io.IOException down) {
                // a node being restarted or killed: the scenario knows
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private HttpResponse<String> get(String url) throws java.io.IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double heap(String exposition, String name) {
        return exposition.lines().filter(line -> line.startsWith(name + "{") && line.contains("area=\"heap\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    long peakHeapMb() {
        return peakHeapBytes.get() >> 20;
    }

    long maxHeapMb() {
        return maxHeapBytes.get() >> 20;
    }

    /** Whether a node answered {@code /ready} with anything but 200 since the watch began, or since {@link #resetReadiness()}. */
    boolean sawNotReady() {
        return someNodeNotReady.get();
    }

    void resetReadiness() {
        someNodeNotReady.set(false);
    }

    @Override
    public void close() {
        watch.shutdownNow();
    }
}
