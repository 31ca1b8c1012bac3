package org.cnctwin.machine.physics;

/**
 * Milling force and power from Kienzle's law. The mean chip thickness of an engagement ae on a
 * cutter of diameter D is {@code hm = fz · (360/(π·φ)) · (ae/D) } with the engagement angle
 * {@code φ = acos(1 − 2·ae/D)} (Sandvik's formula); then {@code kc = kc1.1 · hm^-mc} and the
 * cutting power {@code Pc = ap · ae · vf · kc / (60·10⁶)} kW. A worn flank rubs: force and power
 * grow with flank wear VB, {@code · (1 + wearForceGainPerMm · VB)}.
 */
public final class CuttingForce {

    /** +36 % force at VB 0.3 mm: inside the 20-50 % rise reported at end of tool life (assumption, see docs/physics.md). */
    public static final double WEAR_FORCE_GAIN_PER_MM = 1.2;

    private CuttingForce() {}

    /** What the cut asks of the spindle. */
    public record Result(double meanChipThicknessMm, double specificForceNPerMm2, double cuttingPowerKw, double spindleTorqueNm,
                         double tangentialForceN) {
        public static final Result NONE = new Result(0, 0, 0, 0, 0);
    }

    public static Result of(CuttingConditions cut, WorkpieceMaterial material, double flankWearMm) {
        if (!cut.isCutting()) {
            return Result.NONE;
        }
        double ratio = Math.min(1, cut.radialEngagementMm() / cut.toolDiameterMm());
        double engagementDeg = Math.toDegrees(Math.acos(1 - 2 * ratio));
        double hm = cut.feedPerToothMm() * (360 / (Math.PI * engagementDeg)) * ratio;
        double kc = material.specificCuttingForce(hm);
        double wear = 1 + WEAR_FORCE_GAIN_PER_MM * Math.max(0, flankWearMm);
        double powerKw = cut.materialRemovalRateMm3PerMin() * kc / 60e6 * wear;
        double omega = cut.spindleSpeedRpm() * 2 * Math.PI / 60;
        double torqueNm = powerKw * 1000 / omega;
        double forceN = torqueNm / (cut.toolDiameterMm() / 2000);
        return new Result(hm, kc, powerKw, torqueNm, forceN);
    }
}
