package org.cnctwin.twin.detection;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.cnctwin.protocol.Alert;
import org.cnctwin.protocol.ExecutionState;
import org.cnctwin.protocol.Severity;
import org.cnctwin.protocol.TelemetrySample;
import org.cnctwin.twin.Finding;
import org.cnctwin.twin.Observation;

/**
 * Statistical detection per machine: how far a batch's vibration lies from what this machine
 * usually shows when it does the same thing. "The same thing" is an operating context: the tool in
 * the spindle and the spindle speed band, while cutting at steady speed; samples with the spindle
 * stopped, accelerating or the program not running are neither learned nor judged. Each batch's
 * steady samples of one context (at least {@link #MIN_STEADY}) are judged by their mean, whose noise
 * is a third of a sample's. Per context a running mean and variance of those batch means (Welford
 * during a warm-up of {@link #WARM_UP_BATCHES}, then exponentially weighted, so the baseline follows
 * slow honest change); after the warm-up a batch is judged by its z-score. The baseline stops
 * learning while the signal is out of line, so a slow fault does not become the new normal.
 * Hysteresis as the rules have: {@link #BATCHES_TO_RAISE} batches in a row beyond {@link #RAISE_Z}
 * raise one alert, {@link #BATCHES_TO_CLEAR} within {@link #CLEAR_Z} end it.
 *
 * <p>Vibration only, for now: spindle load and power rise with a tool's honest wear over its life,
 * so a baseline of them either learns a slow fault or calls normal wear one (docs/detection.md).
 *
 * <p>Memory: at most {@link #CONTEXTS} contexts, in primitive arrays, about 400 bytes per twin; the
 * least recently seen context makes room for a new one.
 */
public final class ZScoreDetector implements Detector {

    public static final String NAME = "zscore";

    public static final String CODE = "ZSCORE_VIBRATION";
    static final String SIGNAL = "vibrationRmsMmPerS";
    /** Deviation of a batch mean below which a difference is not a finding however steady the signal was. */
    static final double MINIMUM_DEVIATION_MM_PER_S = 0.01;

    static final int CONTEXTS = 8;
    static final int WARM_UP_BATCHES = 60;
    /**
     * Weight of a new batch in the baseline after the warm-up: a memory of about 5,000 batches (80
     * minutes of steady cutting in the context), long enough that a fault raising the vibration by
     * a few tenths of a mm/s in an hour is out of line before the baseline has followed it.
     */
    static final double LEARNING_RATE = 1.0 / 5_000;
    static final double RAISE_Z = 6;
    static final double CLEAR_Z = 3;
    static final int BATCHES_TO_RAISE = 10;
    static final int BATCHES_TO_CLEAR = 30;
    /** Steady samples of one context a batch needs to be judged. */
    static final int MIN_STEADY = 5;
    /** Speed bands 10 % wide: a context holds speeds within a tenth of each other. */
    static final double SPEED_BAND_RATIO = 1.1;
    /** A sample whose speed differs more than this from the one before is the spindle accelerating. */
    static final double STEADY_SPEED_TOLERANCE = 0.02;

    /** Per context slot: its key (tool and speed band), when it was last seen, how many batches it learnt, their mean and M2/variance. */
    private final long[] contextKeys = new long[CONTEXTS];
    private final long[] lastSeen = new long[CONTEXTS];
    private final int[] counts = new int[CONTEXTS];
    private final double[] means = new double[CONTEXTS];
    private final double[] spreads = new double[CONTEXTS];
    private int beyondRun;
    private int withinRun;
    private boolean raised;
    private int contextsUsed;
    private long batchesJudged;
    private double previousSpeedRpm = Double.NaN;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> observe(Observation observation) {
        List<Finding> findings = new ArrayList<>();
        double sum = 0;
        int steadyCount = 0;
        TelemetrySample last = null;
        long key = 0;
        for (TelemetrySample sample : observation.samples()) {
            boolean steady = steadyCutting(sample);
            previousSpeedRpm = sample.spindleSpeedRpm();
            if (steady) {
                long sampleKey = contextKey(sample);
                if (steadyCount > 0 && sampleKey != key) {
                    steadyCount = 0;
                    sum = 0;
                }
                key = sampleKey;
                sum += sample.vibrationRmsMmPerS();
                steadyCount++;
                last = sample;
            }
        }
        if (steadyCount >= MIN_STEADY) {
            judge(slot(key), sum / steadyCount, last, observation.activeAlertCodes(), findings);
        }
        return findings;
    }

    private boolean steadyCutting(TelemetrySample sample) {
        double speed = sample.spindleSpeedRpm();
        return sample.executionState() == ExecutionState.ACTIVE && speed > 0 && sample.feedMmPerMin() > 0 && !Double.isNaN(previousSpeedRpm)
                && Math.abs(speed - previousSpeedRpm) <= STEADY_SPEED_TOLERANCE * speed;
    }

    static long contextKey(TelemetrySample sample) {
        long speedBand = Math.round(Math.log(sample.spindleSpeedRpm()) / Math.log(SPEED_BAND_RATIO));
        return ((long) sample.toolNumber() << 32) | (speedBand & 0xffffffffL);
    }

    /** The slot of a context, made (or taken from the least recently seen one) if it is new. */
    private int slot(long key) {
        batchesJudged++;
        int oldest = 0;
        for (int slot = 0; slot < contextsUsed; slot++) {
            if (contextKeys[slot] == key) {
                lastSeen[slot] = batchesJudged;
                return slot;
            }
            if (lastSeen[slot] < lastSeen[oldest]) {
                oldest = slot;
            }
        }
        int slot = contextsUsed < CONTEXTS ? contextsUsed++ : oldest;
        contextKeys[slot] = key;
        lastSeen[slot] = batchesJudged;
        counts[slot] = 0;
        means[slot] = 0;
        spreads[slot] = 0;
        return slot;
    }

    /** @param meanMmPerS the batch's mean vibration; {@code last} its last steady sample, for the message */
    private void judge(int slot, double meanMmPerS, TelemetrySample last, Set<String> activeInTwin, List<Finding> findings) {
        if (counts[slot] < WARM_UP_BATCHES) {
            learn(slot, meanMmPerS);
            return;
        }
        double deviation = Math.max(Math.sqrt(spreads[slot]), MINIMUM_DEVIATION_MM_PER_S);
        double z = (meanMmPerS - means[slot]) / deviation;
        boolean active = raised || activeInTwin.contains(CODE);
        if (!active) {
            beyondRun = Math.abs(z) > RAISE_Z ? beyondRun + 1 : 0;
            if (beyondRun >= BATCHES_TO_RAISE) {
                raised = true;
                beyondRun = 0;
                findings.add(new Finding.AnomalyStarted(CODE, Severity.WARNING, NAME, String.format(Locale.ROOT,
                        "%s %.2f mm/s (mean of a batch) is %.1f standard deviations from this machine's %.2f with tool %d at %.0f rpm, for %d batches",
                        SIGNAL, meanMmPerS, z, means[slot], last.toolNumber(), last.spindleSpeedRpm(), BATCHES_TO_RAISE),
                        List.of(new Alert.Evidence(SIGNAL, meanMmPerS, means[slot] + Math.signum(z) * RAISE_Z * deviation, "mm/s"))));
            }
        } else {
            withinRun = Math.abs(z) < CLEAR_Z ? withinRun + 1 : 0;
            if (withinRun >= BATCHES_TO_CLEAR) {
                raised = false;
                withinRun = 0;
                findings.add(new Finding.AnomalyEnded(CODE, String.format(Locale.ROOT, "%s back within %.1f standard deviations of %.2f mm/s", SIGNAL,
                        CLEAR_Z, means[slot])));
            }
        }
        if (Math.abs(z) <= CLEAR_Z && !active) {
            learn(slot, meanMmPerS); // out of line, or an alert stands: the baseline waits
        }
    }

    private void learn(int slot, double value) {
        int count = ++counts[slot];
        double delta = value - means[slot];
        if (count <= WARM_UP_BATCHES) { // Welford: spreads holds M2 until the warm-up ends, then the variance
            means[slot] += delta / count;
            spreads[slot] += delta * (value - means[slot]);
            if (count == WARM_UP_BATCHES) {
                spreads[slot] /= count - 1;
            }
        } else {
            means[slot] += LEARNING_RATE * delta;
            spreads[slot] = (1 - LEARNING_RATE) * (spreads[slot] + LEARNING_RATE * delta * delta);
        }
    }
}
