package org.cnctwin.twin;

import java.util.ArrayList;
import java.util.List;
import org.cnctwin.machine.physics.CuttingForce;
import org.cnctwin.machine.physics.ToolWear;

/**
 * The wear a tool shows in its spindle load, where the Taylor model can only predict it. A part
 * of one program asks the same cuts of a tool every time, and Kienzle's law makes the power of
 * any cut grow with flank wear by {@code (1 + 1.2·VB/mm)}; so the cutting energy the tool spends
 * per part, compared across parts, tells how worn its edge was on each, without knowing the cuts.
 *
 * <p>The tool's wear rate factor {@code c} (its true life consumed is {@code c} times the
 * model's) is the one whose wear makes the energies of the recorded parts consistent:
 * {@code ln E_i = ln E_fresh + ln(1 + k·VB(c·τ_i))}, with {@code τ_i} the model's life fraction
 * during part {@code i}, fitted by least squares over {@code c} (the unknown fresh-edge energy
 * drops out as the mean). The model's rate stands unless another explains the energies far
 * better than their scatter; then the fit is shrunk towards it by a prior on {@code ln c}. Parts
 * of several edges of the tool count together: a new edge on the same program restarts at low
 * wear, which anchors the fit.
 *
 * <p>Why per part: comparing single passes fails (tried and measured, docs/benchmarks.md); a
 * whole part sums hundreds of samples, so the 10 Hz sampling phase and the sensor noise average
 * out to a few tenths of a percent, about 3 µm of wear.
 *
 * @param programName the program of the recorded parts; another program's parts are not comparable
 * @param parts the latest whole parts, oldest first, at most {@link #MAX_PARTS}
 * @param energyKwS cutting energy the tool has spent so far in the part running now; NaN when two edges cut in it
 * @param partStartModelLife the model's life fraction at the tool's first cut in the part running now
 * @param wearRateFactor the fitted {@code c}; 1 until the parts tell otherwise
 */
public record WearSignature(String programName, List<Part> parts, double energyKwS, double partStartModelLife, double wearRateFactor)
        implements CborSerializable {

    /**
     * One part: the model's life fraction of the edge when the tool began and finished cutting in
     * it (near the end of life a part may span a steep stretch of the wear curve, so one mean
     * would not do), and the tool's cutting energy.
     */
    public record Part(double modelLifeAtStart, double modelLifeAtEnd, double energyKwS) implements CborSerializable {

        /** The mean of {@code 1 + k·VB} over the part if the edge wears {@code factor} times the model's rate (Simpson's rule; wear grows with cutting time, as energy does). */
        double meanPowerFactor(double factor) {
            int intervals = 8;
            double sum = 0;
            for (int i = 0; i <= intervals; i++) {
                double lifeFraction = modelLifeAtStart + (modelLifeAtEnd - modelLifeAtStart) * i / intervals;
                double weight = i == 0 || i == intervals ? 1 : i % 2 == 1 ? 4 : 2;
                sum += weight * (1 + CuttingForce.WEAR_FORCE_GAIN_PER_MM * ToolWear.flankWear(factor * lifeFraction));
            }
            return sum / (3 * intervals);
        }
    }

    /** Enough for the fit to settle (about ten parts), and about 0.6 KB of heap per tool. */
    static final int MAX_PARTS = 12;
    /** Fewer parts cannot tell a faster wear from a different fresh-edge energy. */
    static final int MIN_PARTS = 3;
    /** Below this spread of predicted wear across the parts, energies cannot tell wear rates apart. */
    static final double MIN_WEAR_SPREAD_MM = 0.01;
    /**
     * How much better than the model's own rate a fitted rate must explain the energies, in units of
     * their scatter (a chi-square with one degree of freedom: 25 is five standard deviations).
     */
    static final double SIGNIFICANCE = 25;
    /** The scatter of {@code ln E} assumed at least: a few tenths of a percent. */
    static final double MIN_SCATTER = 1e-5;
    /** How far from the model's rate a tool's is expected to be, in {@code ln c}. */
    static final double PRIOR_LOG_SPREAD = 1.5;
    static final double MIN_FACTOR = 0.25;
    static final double MAX_FACTOR = 40;

    public static final WearSignature NONE = new WearSignature("", List.of(), 0, 0, 1);

    public WearSignature {
        parts = List.copyOf(parts);
    }

    /** {@code energyKwS} more cutting energy, starting at the model's life fraction {@code modelLifeFraction}. */
    WearSignature cut(double energyKwS, double modelLifeFraction) {
        double start = this.energyKwS == 0 ? modelLifeFraction : partStartModelLife;
        return new WearSignature(programName, parts, this.energyKwS + energyKwS, start, wearRateFactor);
    }

    /**
     * The tool got a new edge. A part in which both edges cut measures neither: the energy spent
     * so far becomes NaN, so that {@link #partEnded} leaves the part out.
     */
    WearSignature edgeReplaced() {
        return energyKwS > 0 ? new WearSignature(programName, parts, Double.NaN, partStartModelLife, wearRateFactor) : this;
    }

    /**
     * A part ended. It is recorded if it was observed whole ({@code whole}) and the tool cut in
     * it; a part of another program starts the record again (the factor stays until refitted).
     */
    WearSignature partEnded(String program, boolean whole, double modelLifeNow) {
        if (!whole || !(energyKwS > 0)) {
            return new WearSignature(programName, parts, 0, 0, wearRateFactor);
        }
        List<Part> recorded = new ArrayList<>(program.equals(programName) ? parts : List.of());
        recorded.add(new Part(partStartModelLife, modelLifeNow, energyKwS));
        if (recorded.size() > MAX_PARTS) {
            recorded.remove(0);
        }
        return new WearSignature(program, recorded, 0, 0, fit(recorded, wearRateFactor));
    }

    /**
     * The factor that best explains the parts' energies, or 1 when they do not show a wear rate
     * other than the model's beyond their own scatter ({@link #SIGNIFICANCE}); {@code current}
     * while there are too few parts, or too little predicted wear between them, to tell.
     */
    static double fit(List<Part> parts, double current) {
        if (parts.size() < MIN_PARTS) {
            return current;
        }
        double lowestWear = Double.POSITIVE_INFINITY;
        double highestWear = 0;
        for (Part part : parts) {
            double wear = ToolWear.flankWear((part.modelLifeAtStart() + part.modelLifeAtEnd()) / 2);
            lowestWear = Math.min(lowestWear, wear);
            highestWear = Math.max(highestWear, wear);
        }
        if (highestWear - lowestWear < MIN_WEAR_SPREAD_MM) {
            return current;
        }
        double freeLog = minimum(parts, 0);
        double scatter = Math.max(MIN_SCATTER, residuals(parts, freeLog) / (parts.size() - 2));
        if ((residuals(parts, 0) - residuals(parts, freeLog)) / scatter < SIGNIFICANCE) {
            return 1;
        }
        // Shrunk towards the model by a prior on ln c, in units of the parts' own scatter.
        return Math.exp(minimum(parts, scatter / (PRIOR_LOG_SPREAD * PRIOR_LOG_SPREAD)));
    }

    /** The {@code ln c} minimising the residuals plus {@code priorWeight · (ln c)²}. */
    private static double minimum(List<Part> parts, double priorWeight) {
        // A coarse scan of ln c, then golden-section search around the best point: the sum is smooth but need not be convex.
        double lowLog = Math.log(MIN_FACTOR);
        double highLog = Math.log(MAX_FACTOR);
        int steps = 48;
        double stepLog = (highLog - lowLog) / steps;
        double bestLog = 0;
        double bestCost = residuals(parts, 0);
        for (int i = 0; i <= steps; i++) {
            double logFactor = lowLog + i * stepLog;
            double cost = residuals(parts, logFactor) + priorWeight * logFactor * logFactor;
            if (cost < bestCost) {
                bestCost = cost;
                bestLog = logFactor;
            }
        }
        double a = bestLog - stepLog;
        double b = bestLog + stepLog;
        double golden = (Math.sqrt(5) - 1) / 2;
        for (int i = 0; i < 40; i++) {
            double c = b - golden * (b - a);
            double d = a + golden * (b - a);
            if (residuals(parts, c) + priorWeight * c * c < residuals(parts, d) + priorWeight * d * d) {
                b = d;
            } else {
                a = c;
            }
        }
        return (a + b) / 2;
    }

    /** Squared residuals of {@code ln E} around their mean: the fresh-edge energy is that mean. */
    private static double residuals(List<Part> parts, double logFactor) {
        double factor = Math.exp(logFactor);
        double[] residuals = new double[parts.size()];
        double mean = 0;
        for (int i = 0; i < residuals.length; i++) {
            Part part = parts.get(i);
            residuals[i] = Math.log(part.energyKwS()) - Math.log(part.meanPowerFactor(factor));
            mean += residuals[i];
        }
        mean /= residuals.length;
        double sum = 0;
        for (double residual : residuals) {
            sum += (residual - mean) * (residual - mean);
        }
        return sum;
    }
}
