package org.cnctwin.twin.ingest;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How long samples took from the machine's clock to the journal: 1 ms buckets up to 1 s, 10 ms
 * buckets up to 10 s, one bucket beyond. Lock-free, for the ingest's hot path.
 */
public final class LagHistogram {

    private static final int FINE_BUCKETS = 1_000;
    private static final int COARSE_BUCKETS = 900;
    private final AtomicLongArray counts = new AtomicLongArray(FINE_BUCKETS + COARSE_BUCKETS + 1);

    public void record(Duration lag) {
        long millis = Math.max(0, lag.toMillis());
        int bucket = millis < FINE_BUCKETS ? (int) millis : (int) Math.min(FINE_BUCKETS + (millis - FINE_BUCKETS) / 10, counts.length() - 1);
        counts.incrementAndGet(bucket);
    }

    public long count() {
        long total = 0;
        for (int bucket = 0; bucket < counts.length(); bucket++) {
            total += counts.get(bucket);
        }
        return total;
    }

    /** The upper bound of the bucket holding the {@code quantile} (0–1), ms; infinite when beyond 10 s; NaN when empty. */
    public double quantileMillis(double quantile) {
        long total = count();
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int bucket = 0; bucket < counts.length(); bucket++) {
            seen += counts.get(bucket);
            if (seen >= Math.max(1, rank)) {
                return bucket < FINE_BUCKETS ? bucket + 1 : bucket < counts.length() - 1 ? FINE_BUCKETS + (bucket - FINE_BUCKETS + 1) * 10.0
                        : Double.POSITIVE_INFINITY;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    public void reset() {
        for (int bucket = 0; bucket < counts.length(); bucket++) {
            counts.set(bucket, 0);
        }
    }
}
