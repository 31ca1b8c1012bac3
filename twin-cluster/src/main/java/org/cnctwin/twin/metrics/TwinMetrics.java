package org.cnctwin.twin.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.cnctwin.protocol.Severity;

/**
 * The node's Prometheus metrics, served at {@code /metrics}. One registry per actor system, so
 * that several nodes in one JVM (tests) count apart; each also carries the JVM's metrics.
 * docs/operations.md lists every metric.
 */
public final class TwinMetrics implements Extension {

    private static final ExtensionId<TwinMetrics> ID = new ExtensionId<>() {
        @Override
        public TwinMetrics createExtension(ActorSystem<?> system) {
            return new TwinMetrics();
        }
    };

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter ingestMessages = Counter.builder().name("cnc_ingest_messages_total")
            .help("MQTT messages taken by the ingest, by channel and outcome (recorded, dead_letter)").labelNames("channel", "outcome").register(registry);
    private final Counter samplesRecorded = Counter.builder().name("cnc_ingest_samples_recorded_total")
            .help("Telemetry samples persisted by their twins (duplicates not counted)").register(registry);
    private final Counter duplicates = Counter.builder().name("cnc_ingest_duplicates_total")
            .help("Samples and events that were recorded before (redelivered) and ignored").register(registry);
    private final Counter ingestRestarts = Counter.builder().name("cnc_ingest_restarts_total")
            .help("Times an MQTT ingest stream lost its connection and started again").register(registry);
    private final Histogram persistSeconds = Histogram.builder().name("cnc_ingest_persist_seconds")
            .help("From handing a message to its twin to the twin's reply after persisting it")
            .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10).register(registry);
    /** Native buckets too (about 2 % wide over 1 ms to 100 s), so a load test reads its quantiles from here. */
    private final Histogram lagSeconds = Histogram.builder().name("cnc_ingest_lag_seconds")
            .help("From the newest sample of a telemetry batch (the machine's clock) to its twin's reply after persisting it")
            .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30).nativeInitialSchema(5).nativeMaxNumberOfBuckets(600).register(registry);
    private final Histogram recoverySeconds = Histogram.builder().name("cnc_twin_recovery_seconds")
            .help("From a twin's start to the end of its recovery: its snapshot and later events read from the journal and replayed")
            .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10).register(registry);
    private final Gauge activeTwins = Gauge.builder().name("cnc_twins_active").help("Twins in memory on this node").register(registry);
    private final Counter twinsStopped = Counter.builder().name("cnc_twins_stopped_total")
            .help("Twins that left this node's memory: passivated when idle, or moved by a rebalance").register(registry);
    private final Counter alertsRaised = Counter.builder().name("cnc_alerts_raised_total")
            .help("Alerts raised by the twins on this node, by severity").labelNames("severity").register(registry);
    private final Gauge sseClients = Gauge.builder().name("cnc_sse_clients")
            .help("Server-Sent Event streams open on this node, by stream (machine, fleet)").labelNames("stream").register(registry);
    private final Counter sseDropped = Counter.builder().name("cnc_sse_dropped_total")
            .help("Changes a slow SSE client missed (machine streams drop the oldest; fleet streams close)").labelNames("stream").register(registry);

    private final Counter fleetViewEvents = Counter.builder().name("cnc_fleet_view_events_total")
            .help("Twin events the fleet view's projections on this node applied (a replayed event counts again)").register(registry);
    private final Histogram fleetViewLag = Histogram.builder().name("cnc_fleet_view_lag_seconds")
            .help("Projection lag: from a twin persisting an event to the fleet view row it changed being written")
            .classicUpperBounds(0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300).register(registry);
    private final Gauge fleetViewSlices = Gauge.builder().name("cnc_fleet_view_slices")
            .help("Fleet view slices (projections) running on this node").register(registry);
    private final Counter fleetViewStoreReads = Counter.builder().name("cnc_fleet_view_store_reads_total")
            .help("Fleet view slices a request read from Cassandra because the slice did not answer (loading, or moving to another node)")
            .register(registry);

    private TwinMetrics() {
        JvmMetrics.builder().register(registry);
    }

    public static TwinMetrics get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    /** A telemetry message persisted by its twin: how long the twin took, what was new, and how old its newest sample was then. */
    public void telemetryRecorded(Duration persist, int accepted, int duplicateCount, Duration lag) {
        ingestMessages.labelValues("telemetry", "recorded").inc();
        persistSeconds.observe(persist.toNanos() / 1e9);
        samplesRecorded.inc(accepted);
        duplicates.inc(duplicateCount);
        lagSeconds.observe(Math.max(0, lag.toNanos() / 1e9));
    }

    public void machineEventRecorded(Duration persist, int duplicateCount) {
        ingestMessages.labelValues("events", "recorded").inc();
        persistSeconds.observe(persist.toNanos() / 1e9);
        duplicates.inc(duplicateCount);
    }

    public void deadLetter(String channel) {
        ingestMessages.labelValues(channel, "dead_letter").inc();
    }

    public void ingestRestarted() {
        ingestRestarts.inc();
    }

    public void twinStarted() {
        activeTwins.inc();
    }

    public void twinRecovered(Duration recovery) {
        recoverySeconds.observe(recovery.toNanos() / 1e9);
    }

    /** The ingest's counters since the node started, as /metrics shows them. */
    public record IngestCounts(long messages, long samplesRecorded, long duplicates, long deadLetters, long restarts) {}

    public IngestCounts ingestCounts() {
        long messages = 0;
        long deadLetters = 0;
        for (var point : ingestMessages.collect().getDataPoints()) {
            messages += (long) point.getValue();
            if (point.getLabels().get("outcome").equals("dead_letter")) {
                deadLetters += (long) point.getValue();
            }
        }
        return new IngestCounts(messages, (long) samplesRecorded.get(), (long) duplicates.get(), deadLetters, (long) ingestRestarts.get());
    }

    /** The lag histogram as it stands: a load test takes two and compares them. */
    public io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot ingestLag() {
        return lagSeconds.collect().getDataPoints().get(0);
    }

    /** How many twins have recovered on this node, and their recovery times summed. */
    public record Recoveries(long count, double totalSeconds) {}

    public Recoveries recoveries() {
        var recoveries = recoverySeconds.collect().getDataPoints().get(0);
        return new Recoveries(recoveries.getCount(), recoveries.getSum());
    }

    public void twinStopped() {
        activeTwins.dec();
        twinsStopped.inc();
    }

    public void alertRaised(Severity severity) {
        alertsRaised.labelValues(severity.name().toLowerCase(Locale.ROOT)).inc();
    }

    public void sseClientOpened(String stream) {
        sseClients.labelValues(stream).inc();
    }

    public void sseClientClosed(String stream) {
        sseClients.labelValues(stream).dec();
    }

    public void sseDropped(String stream) {
        sseDropped.labelValues(stream).inc();
    }

    /** @param lagMillis from the event's persist to its row's write */
    public void fleetViewEventApplied(long lagMillis) {
        fleetViewEvents.inc();
        fleetViewLag.observe(Math.max(0, lagMillis) / 1e3);
    }

    public void fleetViewSliceStarted() {
        fleetViewSlices.inc();
    }

    public void fleetViewSliceStopped() {
        fleetViewSlices.dec();
    }

    public void fleetViewReadFromStore() {
        fleetViewStoreReads.inc();
    }

    /** The Prometheus text format, version 0.0.4. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16_384);
        try {
            new PrometheusTextFormatWriter(false).write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
