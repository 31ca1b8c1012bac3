package org.cnctwin.machine.sim;

import java.util.SplittableRandom;

/**
 * One measured signal: the true value plus Gaussian noise, quantised to the sensor's
 * resolution, clamped to its range, and subject to the sensor faults the simulator injects:
 * drift (an offset growing with time), stuck (the last reading repeats) and dropout (no
 * reading: NaN, which the publisher leaves out). Seeded, so a run repeats exactly.
 *
 * @param noiseStdDev standard deviation of the noise, in the signal's unit
 * @param resolution quantisation step (0 for none)
 */
public final class Sensor {

    public record Spec(double noiseStdDev, double resolution, double minimum, double maximum) {}

    /** What is wrong with the sensor right now. */
    public sealed interface Fault {
        /** @param ratePerHour offset added per hour of drift, in the signal's unit */
        record Drift(double ratePerHour) implements Fault {}

        record Stuck() implements Fault {}

        record Dropout() implements Fault {}
    }

    private final Spec spec;
    private final SplittableRandom random;
    private Fault fault;
    private double faultStartS;
    private double lastReading = Double.NaN;

    public Sensor(Spec spec, long seed) {
        this.spec = spec;
        this.random = new SplittableRandom(seed);
    }

    public void inject(Fault newFault, double atTimeS) {
        fault = newFault;
        faultStartS = atTimeS;
    }

    public void clear() {
        fault = null;
    }

    /** The reading of {@code trueValue} at simulated time {@code timeS}; NaN during a dropout. */
    public double read(double trueValue, double timeS) {
        double noise = random.nextGaussian() * spec.noiseStdDev(); // drawn every time, so faults do not shift the noise sequence
        if (fault instanceof Fault.Dropout) {
            return Double.NaN;
        }
        if (fault instanceof Fault.Stuck && !Double.isNaN(lastReading)) {
            return lastReading;
        }
        double drift = fault instanceof Fault.Drift drifting ? drifting.ratePerHour() * (timeS - faultStartS) / 3600 : 0;
        double value = trueValue + noise + drift;
        if (spec.resolution() > 0) {
            // Dividing by the inverse gives 0.47, not 0.47000000000000003, for steps like 0.01.
            double stepsPerUnit = 1 / spec.resolution();
            value = stepsPerUnit == Math.rint(stepsPerUnit) ? Math.rint(value * stepsPerUnit) / stepsPerUnit
                    : Math.rint(value / spec.resolution()) * spec.resolution();
        }
        lastReading = Math.max(spec.minimum(), Math.min(spec.maximum(), value));
        return lastReading;
    }
}
