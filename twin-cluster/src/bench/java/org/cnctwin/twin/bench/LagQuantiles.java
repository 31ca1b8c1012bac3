package org.cnctwin.twin.bench;

import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.NativeHistogramBuckets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Quantiles of what a Prometheus histogram observed between two of its snapshots, from its native
 * (exponential) buckets: the same numbers /metrics serves, read with the buckets' resolution
 * (about 2 % at schema 5, coarser if the histogram had to merge buckets).
 */
final class LagQuantiles {

    private LagQuantiles() {}

    /** The {@code quantile} (0–1) of the observations between the snapshots, in ms (a bucket's upper bound); NaN when there were none. */
    static double quantileMillis(HistogramDataPointSnapshot before, HistogramDataPointSnapshot after, double quantile) {
        int schema = Math.min(before.getNativeSchema(), after.getNativeSchema());
        Map<Integer, Long> counts = new TreeMap<>();
        add(counts, after.getNativeBucketsForPositiveValues(), after.getNativeSchema(), schema, 1);
        add(counts, before.getNativeBucketsForPositiveValues(), before.getNativeSchema(), schema, -1);
        long zero = after.getNativeZeroCount() - before.getNativeZeroCount();
        long total = zero + counts.values().stream().mapToLong(Long::longValue).sum();
        if (total <= 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * total));
        if (rank <= zero) {
            return 0;
        }
        long seen = zero;
        double base = Math.pow(2, Math.pow(2, -schema));
        for (Map.Entry<Integer, Long> bucket : counts.entrySet()) {
            seen += bucket.getValue();
            if (seen >= rank) {
                return Math.pow(base, bucket.getKey()) * 1000;
            }
        }
        return Double.NaN;
    }

    /** Adds a snapshot's buckets, brought to {@code schema} (a coarser schema merges pairs of buckets per step). */
    private static void add(Map<Integer, Long> counts, NativeHistogramBuckets buckets, int from, int schema, int sign) {
        for (int i = 0; i < buckets.size(); i++) {
            int index = buckets.getBucketIndex(i);
            for (int step = from; step > schema; step--) {
                index = Math.floorDiv(index + 1, 2);
            }
            counts.merge(index, sign * buckets.getCount(i), Long::sum);
        }
    }
}
