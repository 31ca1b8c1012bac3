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

    /** A signal this detector watches: its alert code, its name in evidence, its unit, and a floor for its deviation. */
    enum Signal {
        VIBRATION("ZSCORE_VIBRATION", "vibrationRmsMmPerS", "mm/s", 0.01);

        final String code;
        final String field;
        final String unit;
        /** Deviation of a batch mean below which a difference is not a finding however steady the signal was. */
        final double minimumDeviation;

        Signal(String code, String field, String unit, double minimumDeviation) {
            this.code = code;
            this.field = field;
            this.unit = unit;
            this.minimumDeviation = minimumDeviation;
        }

        double of(TelemetrySample sample) {
            return sample.vibrationRmsMmPerS();
        }
    }

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

    private static final Signal[] SIGNALS = Signal.values();

    /** Per context slot: its key (tool and speed band), when it was last seen, and per signal count, mean and M2/variance. */
    private final long[] contextKeys = new long[CONTEXTS];
    private final long[] lastSeen = new long[CONTEXTS];
    private final int[] counts = new int[CONTEXTS];
    private final double[] means = new double[CONTEXTS * SIGNALS.length];
    private final double[] spreads = new double[CONTEXTS * SIGNALS.length];
    private final int[] beyondRuns = new int[SIGNALS.length];
    private final int[] withinRuns = new int[SIGNALS.length];
    private final boolean[] raised = new boolean[SIGNALS.length];
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
            TelemetrySample mean = new TelemetrySample(last.timestamp(), last.sequenceNumber(), last.spindleSpeedRpm(), last.spindleLoadPercent(),
                    last.spindlePowerKw(), last.spindleTempC(), sum / steadyCount, last.axisPositionsMm(), last.rotaryAxisPositionsDeg(),
                    last.feedMmPerMin(), last.programName(), last.blockNumber(), last.toolNumber(), last.executionState(), last.controllerMode(),
                    last.coolant(), last.partCount(), last.activeAlarmCodes());
            judge(slot(key), mean, observation.activeAlertCodes(), findings);
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
        for (int signal = 0; signal < SIGNALS.length; signal++) {
            means[slot * SIGNALS.length + signal] = 0;
            spreads[slot * SIGNALS.length + signal] = 0;
        }
        return slot;
    }

    private void judge(int slot, TelemetrySample sample, Set<String> activeInTwin, List<Finding> findings) {
        boolean warm = counts[slot] >= WARM_UP_BATCHES;
        boolean learn = true;
        for (int signal = 0; signal < SIGNALS.length; signal++) {
            Signal watched = SIGNALS[signal];
            int at = slot * SIGNALS.length + signal;
            double value = watched.of(sample);
            if (!warm) {
                continue;
            }
            double deviation = Math.max(Math.sqrt(spreads[at]), watched.minimumDeviation);
            double z = (value - means[at]) / deviation;
            boolean active = raised[signal] || activeInTwin.contains(watched.code);
            if (Math.abs(z) > CLEAR_Z || active) {
                learn = false; // out of line, or an alert stands: the baseline waits
            }
            if (!active) {
                beyondRuns[signal] = Math.abs(z) > RAISE_Z ? beyondRuns[signal] + 1 : 0;
                if (beyondRuns[signal] >= BATCHES_TO_RAISE) {
                    raised[signal] = true;
                    beyondRuns[signal] = 0;
                    findings.add(new Finding.AnomalyStarted(watched.code, Severity.WARNING, NAME, String.format(Locale.ROOT,
                            "%s %.2f %s (mean of a batch) is %.1f standard deviations from this machine's %.2f with tool %d at %.0f rpm, for %d batches",
                            watched.field, value, watched.unit, z, means[at], sample.toolNumber(), sample.spindleSpeedRpm(), BATCHES_TO_RAISE),
                            List.of(new Alert.Evidence(watched.field, value, means[at] + Math.signum(z) * RAISE_Z * deviation, watched.unit))));
                }
            } else {
                withinRuns[signal] = Math.abs(z) < CLEAR_Z ? withinRuns[signal] + 1 : 0;
                if (withinRuns[signal] >= BATCHES_TO_CLEAR) {
                    raised[signal] = false;
                    withinRuns[signal] = 0;
                    findings.add(new Finding.AnomalyEnded(watched.code, String.format(Locale.ROOT,
                            "%s back within %.1f standard deviations of %.2f %s", watched.field, CLEAR_Z, means[at], watched.unit)));
                }
            }
        }
        if (learn) {
            learn(slot, sample);
        }
    }

    private void learn(int slot, TelemetrySample sample) {
        int count = ++counts[slot];
        for (int signal = 0; signal < SIGNALS.length; signal++) {
            int at = slot * SIGNALS.length + signal;
            double value = SIGNALS[signal].of(sample);
            double delta = value - means[at];
            if (count <= WARM_UP_BATCHES) { // Welford: spreads holds M2 until the warm-up ends, then the variance
                means[at] += delta / count;
                spreads[at] += delta * (value - means[at]);
                if (count == WARM_UP_BATCHES) {
                    spreads[at] /= count - 1;
                }
            } else {
                means[at] += LEARNING_RATE * delta;
                spreads[at] = (1 - LEARNING_RATE) * (spreads[at] + LEARNING_RATE * delta * delta);
            }
        }
    }
}
