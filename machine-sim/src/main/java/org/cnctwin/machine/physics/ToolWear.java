package org.cnctwin.machine.physics;

/**
 * Flank wear VB of one cutting edge, integrated over cutting time.
 *
 * <p>Life comes from the extended Taylor equation: {@code T = (C·k/V)^(1/n) · (fRef/f)^p ·
 * (apRef/ap)^q} minutes, with C and n of the tool material, k the workpiece's life factor and
 * weaker feed and depth exponents p and q (speed dominates). Each cutting second consumes
 * {@code dt / T} of the life (linear damage accumulation, so varying conditions add up), and
 * the wear follows the classic three-stage curve of the consumed fraction τ:
 * {@code VB(τ) = 0.06·(1 − e^(−τ/0.03)) + 0.18·τ + 0.06·τ⁸} mm: a fast run-in, a steady linear
 * stage and an accelerating end, reaching the ISO 3685 criterion VB = 0.3 mm exactly at τ = 1.
 */
public final class ToolWear {

    public static final double END_OF_LIFE_VB_MM = 0.3;
    static final double FEED_EXPONENT = 0.5;
    static final double DEPTH_EXPONENT = 0.2;
    static final double REFERENCE_FEED_PER_TOOTH_MM = 0.1;
    static final double REFERENCE_DEPTH_MM = 2.0;

    private final ToolMaterial tool;
    private final WorkpieceMaterial workpiece;
    private double lifeConsumed;

    public ToolWear(ToolMaterial tool, WorkpieceMaterial workpiece) {
        this.tool = tool;
        this.workpiece = workpiece;
    }

    /** Taylor tool life under these conditions, minutes; infinite when not cutting. */
    public double toolLifeMin(CuttingConditions cut) {
        if (!cut.isCutting()) {
            return Double.POSITIVE_INFINITY;
        }
        double speedLife = Math.pow(tool.taylorCMPerMin * workpiece.toolLifeFactor / cut.cuttingSpeedMPerMin(), 1 / tool.taylorN);
        double feedLife = Math.pow(REFERENCE_FEED_PER_TOOTH_MM / cut.feedPerToothMm(), FEED_EXPONENT);
        double depthLife = Math.pow(REFERENCE_DEPTH_MM / cut.axialDepthMm(), DEPTH_EXPONENT);
        return speedLife * feedLife * depthLife;
    }

    /**
     * Cuts for {@code seconds} under {@code cut}.
     *
     * @param wearRateFactor 1 normally; above 1 for an injected accelerated-wear fault
     */
    public void cut(CuttingConditions cut, double seconds, double wearRateFactor) {
        double lifeMin = toolLifeMin(cut);
        if (Double.isFinite(lifeMin)) {
            lifeConsumed += seconds / 60 / lifeMin * wearRateFactor;
        }
    }

    /** The fraction of the tool's life used so far (1 = end of life). */
    public double lifeConsumed() {
        return lifeConsumed;
    }

    public double flankWearMm() {
        return flankWear(lifeConsumed);
    }

    /** The three-stage wear curve; see the class comment. */
    public static double flankWear(double lifeFraction) {
        double tau = Math.max(0, lifeFraction);
        return 0.06 * (1 - Math.exp(-tau / 0.03)) + 0.18 * tau + 0.06 * Math.pow(tau, 8);
    }

    /** Minutes of cutting left under {@code cut} until VB reaches the end-of-life criterion. */
    public double remainingLifeMin(CuttingConditions cut) {
        return Math.max(0, 1 - lifeConsumed) * toolLifeMin(cut);
    }

    /** A new edge (M06 to a fresh tool, or an insert change). */
    public void replace() {
        lifeConsumed = 0;
    }
}
