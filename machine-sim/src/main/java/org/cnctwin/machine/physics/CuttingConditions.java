package org.cnctwin.machine.physics;

/**
 * One milling cut at an instant, as the toolpath and the stock give it.
 *
 * @param toolDiameterMm cutter diameter
 * @param teeth number of cutting edges
 * @param spindleSpeedRpm actual spindle speed
 * @param feedMmPerMin table feed vf
 * @param axialDepthMm ap, from the stock model
 * @param radialEngagementMm ae, from the stock model (0 when not cutting)
 */
public record CuttingConditions(double toolDiameterMm, int teeth, double spindleSpeedRpm, double feedMmPerMin, double axialDepthMm,
                                double radialEngagementMm) {

    /** Cutting speed vc = π·D·n / 1000, m/min. */
    public double cuttingSpeedMPerMin() {
        return Math.PI * toolDiameterMm * spindleSpeedRpm / 1000;
    }

    /** Feed per tooth fz = vf / (z·n), mm. */
    public double feedPerToothMm() {
        return spindleSpeedRpm <= 0 ? 0 : feedMmPerMin / (teeth * spindleSpeedRpm);
    }

    /** Material removal rate Q = ap · ae · vf, mm³/min. */
    public double materialRemovalRateMm3PerMin() {
        return axialDepthMm * radialEngagementMm * feedMmPerMin;
    }

    public boolean isCutting() {
        return axialDepthMm > 0 && radialEngagementMm > 0 && feedMmPerMin > 0 && spindleSpeedRpm > 0;
    }
}
