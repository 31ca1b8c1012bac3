package org.cnctwin.machine.physics;

/**
 * A two-node lumped thermal model of a spindle: the bearings (where friction heats) and the
 * housing (which the coolant and the air cool), with the environment as a fixed temperature:
 * <pre>
 *   C_b · dT_b/dt = Q_b − (T_b − T_h) / R_bh
 *   C_h · dT_h/dt = (T_b − T_h) / R_bh + Q_h − (T_h − T_env) / R_he
 * </pre>
 * Q_b is bearing friction, growing with speed ({@code Q_b = k · n^1.5}, Palmgren's speed
 * dependence of viscous friction, simplified); Q_h the share of cutting power the housing
 * takes. A coolant failure raises R_he. Thermal growth of the spindle nose is
 * {@code α · L · (T_h − T_ref)}.
 *
 * <p>Integrated exactly for piecewise-constant heat inputs: over each step the linear system's
 * matrix exponential is applied, so any step size is stable and a step response matches the
 * analytic solution.
 */
public final class SpindleThermal {

    /**
     * @param bearingHeatCapacityJPerK C_b
     * @param housingHeatCapacityJPerK C_h
     * @param bearingToHousingKPerW R_bh
     * @param housingToEnvironmentKPerW R_he with coolant flowing
     * @param housingToEnvironmentNoCoolantKPerW R_he without coolant
     * @param frictionWAtReference bearing friction at {@code referenceSpeedRpm}
     * @param spindleLengthMm L for thermal growth
     * @param expansionPerK α: 11.5e-6 for steel
     */
    public record Parameters(double bearingHeatCapacityJPerK, double housingHeatCapacityJPerK, double bearingToHousingKPerW,
                             double housingToEnvironmentKPerW, double housingToEnvironmentNoCoolantKPerW, double frictionWAtReference,
                             double referenceSpeedRpm, double spindleLengthMm, double expansionPerK) {}

    private final Parameters parameters;
    private final double referenceTempC;
    private double bearingTempC;
    private double housingTempC;

    public SpindleThermal(Parameters parameters, double startTempC) {
        this(parameters, startTempC, startTempC, startTempC);
    }

    /**
     * A spindle already warm: an observer (the twin) resumes the model from its last estimate.
     *
     * @param referenceTempC the temperature of zero thermal growth
     */
    public SpindleThermal(Parameters parameters, double referenceTempC, double bearingTempC, double housingTempC) {
        this.parameters = parameters;
        this.referenceTempC = referenceTempC;
        this.bearingTempC = bearingTempC;
        this.housingTempC = housingTempC;
    }

    public double bearingTempC() {
        return bearingTempC;
    }

    public double housingTempC() {
        return housingTempC;
    }

    /** Growth of the spindle nose along Z since the start temperature, µm. */
    public double thermalGrowthUm() {
        return parameters.expansionPerK() * parameters.spindleLengthMm() * 1000 * (housingTempC - referenceTempC);
    }

    public double bearingFrictionW(double speedRpm) {
        return parameters.frictionWAtReference() * Math.pow(Math.max(0, speedRpm) / parameters.referenceSpeedRpm(), 1.5);
    }

    /**
     * Advances {@code seconds} with constant inputs.
     *
     * @param housingHeatW the share of cutting power that goes into the housing
     */
    public void step(double seconds, double speedRpm, double housingHeatW, double environmentTempC, boolean coolantFlowing) {
        double cb = parameters.bearingHeatCapacityJPerK();
        double ch = parameters.housingHeatCapacityJPerK();
        double rbh = parameters.bearingToHousingKPerW();
        double rhe = coolantFlowing ? parameters.housingToEnvironmentKPerW() : parameters.housingToEnvironmentNoCoolantKPerW();
        double qb = bearingFrictionW(speedRpm);
        // x' = A x + b with x = (T_b, T_h); steady state x_s = -A⁻¹ b
        double a11 = -1 / (rbh * cb);
        double a12 = 1 / (rbh * cb);
        double a21 = 1 / (rbh * ch);
        double a22 = -1 / (rbh * ch) - 1 / (rhe * ch);
        double steadyHousing = environmentTempC + (qb + housingHeatW) * rhe;
        double steadyBearing = steadyHousing + qb * rbh;
        double[] deviation = {bearingTempC - steadyBearing, housingTempC - steadyHousing};
        double[] next = exponentialTimes(a11, a12, a21, a22, seconds, deviation);
        bearingTempC = steadyBearing + next[0];
        housingTempC = steadyHousing + next[1];
    }

    /** e^(A·t)·v for a 2×2 matrix with real distinct eigenvalues (always the case for this heat network). */
    static double[] exponentialTimes(double a11, double a12, double a21, double a22, double t, double[] v) {
        double trace = a11 + a22;
        double determinant = a11 * a22 - a12 * a21;
        double root = Math.sqrt(trace * trace / 4 - determinant);
        double l1 = trace / 2 + root;
        double l2 = trace / 2 - root;
        double e1 = Math.exp(l1 * t);
        double e2 = Math.exp(l2 * t);
        // Sylvester: e^(At) = (e1 (A - l2 I) - e2 (A - l1 I)) / (l1 - l2)
        double m11 = (e1 * (a11 - l2) - e2 * (a11 - l1)) / (l1 - l2);
        double m12 = (e1 - e2) * a12 / (l1 - l2);
        double m21 = (e1 - e2) * a21 / (l1 - l2);
        double m22 = (e1 * (a22 - l2) - e2 * (a22 - l1)) / (l1 - l2);
        return new double[] {m11 * v[0] + m12 * v[1], m21 * v[0] + m22 * v[1]};
    }
}
