package org.cnctwin.twin.reliability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Asks every twin for its state four times a second, through any node that answers (the first
 * that does, in turn), and keeps per twin the longest time between two answers: how long a
 * twin was unavailable to an operator while a scenario ran.
 */
final class TwinAvailability implements AutoCloseable {

    private static final Duration PROBE_EVERY = Duration.ofMillis(250);
    /** A twin slower than this to answer counts as not answering; short, so a probe that waits in vain does not hide the answer after it. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);

    private final Supplier<List<String>> httpUrls;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    private final ScheduledExecutorService probes;
    private final Map<String, Long> lastAnswerNanos = new ConcurrentHashMap<>();
    private final Map<String, Long> longestGapNanos = new ConcurrentHashMap<>();

    /** @param httpUrls the nodes' API addresses, asked anew for each probe (a restarted node may change) */
    TwinAvailability(List<String> machineIds, Supplier<List<String>> httpUrls) {
        this.httpUrls = httpUrls;
        this.probes = Executors.newScheduledThreadPool(Math.min(8, machineIds.size()), runnable -> {
            Thread thread = new Thread(runnable, "twin-availability");
            thread.setDaemon(true);
            return thread;
        });
        long now = System.nanoTime();
        for (String machineId : machineIds) {
            lastAnswerNanos.put(machineId, now);
            longestGapNanos.put(machineId, 0L);
            probes.scheduleWithFixedDelay(() -> probe(machineId), 0, PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void probe(String machineId) {
        List<String> nodes = httpUrls.get();
        int first = (int) (System.nanoTime() / PROBE_EVERY.toNanos() % nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            String node = nodes.get((first + i) % nodes.size());
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(node + "/api/v1/machines/" + machineId))
                        .timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    answered(machineId);
                    return;
                }
            } catch (java.io.IOException noAnswer) {
                // this node is down or did not answer in time: the next one may
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void answered(String machineId) {
        long now = System.nanoTime();
        long gap = now - lastAnswerNanos.put(machineId, now);
        longestGapNanos.merge(machineId, gap, Math::max);
    }

    /** The longest time any twin went without an answer, counting the time since its last answer. */
    Duration longestUnavailability() {
        long now = System.nanoTime();
        return Duration.ofNanos(longestGapNanos.keySet().stream()
                .mapToLong(id -> Math.max(longestGapNanos.get(id), now - lastAnswerNanos.get(id))).max().orElse(0));
    }

    /** Whether every twin has answered since {@code nanos} (of {@link System#nanoTime()}). */
    boolean allAnsweredSince(long nanos) {
        return lastAnswerNanos.values().stream().allMatch(last -> last - nanos >= 0);
    }

    @Override
    public void close() {
        probes.shutdownNow();
    }
}
