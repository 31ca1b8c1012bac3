package org.cnctwin.machine.physics;

import java.util.ArrayList;
import java.util.List;

/**
 * Spindle housing vibration as the sum of independent sources, combined as RMS (root of the
 * sum of squares): a baseline (structure, gears, fans), imbalance growing with the square of
 * speed (centrifugal force), and bearing defect energy at the defect frequency and its
 * harmonics, growing with the defect's size and with speed. Also lists the dominant spectral
 * peaks, which is what lets a detector tell an outer-race defect from an inner-race one.
 */
public final class SpindleVibration {

    /** Where a bearing defect sits, and so at which frequency it rings. */
    public enum Defect { OUTER_RACE, INNER_RACE }

    /** A peak of the velocity spectrum. */
    public record Peak(double frequencyHz, double amplitudeMmPerS, String source) {}

    /**
     * @param baselineMmPerS RMS with a balanced spindle and healthy bearings
     * @param imbalanceMmPerSAtReference the 1× component at {@code referenceSpeedRpm} with the design imbalance
     * @param defectMmPerSAtReference defect energy for a fully developed defect (damage 1) at the reference speed
     */
    public record Model(double baselineMmPerS, double imbalanceMmPerSAtReference, double defectMmPerSAtReference, double referenceSpeedRpm) {}

    private SpindleVibration() {}

    /**
     * @param imbalanceFactor 1 for the design imbalance, more for a spindle imbalance fault
     * @param defectDamage 0 (healthy) to 1 (fully developed) for {@code defect}
     */
    public static List<Peak> spectrum(Model model, Bearing bearing, double speedRpm, double imbalanceFactor, Defect defect, double defectDamage) {
        List<Peak> peaks = new ArrayList<>();
        double shaftHz = speedRpm / 60;
        double speedRatio = speedRpm / model.referenceSpeedRpm();
        peaks.add(new Peak(0, model.baselineMmPerS(), "baseline"));
        if (speedRpm > 0) {
            peaks.add(new Peak(shaftHz, model.imbalanceMmPerSAtReference() * imbalanceFactor * speedRatio * speedRatio, "imbalance 1x"));
            if (defect != null && defectDamage > 0) {
                double defectHz = defect == Defect.OUTER_RACE ? bearing.bpfoHz(shaftHz) : bearing.bpfiHz(shaftHz);
                double amplitude = model.defectMmPerSAtReference() * defectDamage * speedRatio;
                String name = defect == Defect.OUTER_RACE ? "BPFO" : "BPFI";
                for (int harmonic = 1; harmonic <= 3; harmonic++) {
                    peaks.add(new Peak(defectHz * harmonic, amplitude / harmonic, harmonic + "x " + name));
                }
            }
        }
        return peaks;
    }

    /** Overall RMS of a spectrum: the root of the sum of squares of its peaks. */
    public static double rmsMmPerS(List<Peak> peaks) {
        double sum = 0;
        for (Peak peak : peaks) {
            sum += peak.amplitudeMmPerS() * peak.amplitudeMmPerS();
        }
        return Math.sqrt(sum);
    }
}
