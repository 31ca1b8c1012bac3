package org.cnctwin.machine.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference values of ../shared/REFERENCE.md, as issue 3 lists them. */
class PhysicsReferenceTest {

    static final CuttingConditions FINISHING = new CuttingConditions(10, 4, 9000, 1800, 2, 3);

    @Test
    void timeToTheWearCriterionIsTheTaylorLifeWithin2Percent() {
        for (ToolMaterial tool : ToolMaterial.values()) {
            ToolWear wear = new ToolWear(tool, WorkpieceMaterial.STEEL_MEDIUM_CARBON);
            CuttingConditions cut = new CuttingConditions(10, 4, 3000, 1200, 2, 4);
            double lifeMin = wear.toolLifeMin(cut);
            double stepS = lifeMin * 60 / 10_000;
            double minutes = 0;
            while (wear.flankWearMm() < ToolWear.END_OF_LIFE_VB_MM) {
                wear.cut(cut, stepS, 1);
                minutes += stepS / 60;
            }
            assertThat(minutes).as("%s: Taylor life %.2f min", tool, lifeMin).isCloseTo(lifeMin, within(0.02 * lifeMin));
        }
    }

    @Test
    void taylorLifeAtTheTablesSpeedIsOneMinute() {
        // V·T^n = C: at V = C the tool lasts one minute (reference feed and depth).
        ToolWear wear = new ToolWear(ToolMaterial.CARBIDE, WorkpieceMaterial.STEEL_MEDIUM_CARBON);
        double rpmForC = 300 * 1000 / (Math.PI * 10);
        double feedForReference = ToolWear.REFERENCE_FEED_PER_TOOTH_MM * 4 * rpmForC;
        assertThat(wear.toolLifeMin(new CuttingConditions(10, 4, rpmForC, feedForReference, ToolWear.REFERENCE_DEPTH_MM, 5)))
                .isCloseTo(1.0, within(1e-9));
    }

    @Test
    void remainingLifeCountsDownAndANewEdgeStartsOver() {
        ToolWear wear = new ToolWear(ToolMaterial.COATED_CARBIDE, WorkpieceMaterial.STEEL_LOW_CARBON);
        CuttingConditions cut = new CuttingConditions(12, 4, 4000, 1000, 2, 6);
        double lifeMin = wear.toolLifeMin(cut);
        wear.cut(cut, lifeMin * 60 / 4, 1);
        assertThat(wear.remainingLifeMin(cut)).isCloseTo(0.75 * lifeMin, within(1e-9 * lifeMin));
        wear.cut(cut, lifeMin * 60 / 4, 2); // accelerated wear: twice the rate
        assertThat(wear.remainingLifeMin(cut)).isCloseTo(0.25 * lifeMin, within(1e-9 * lifeMin));
        wear.replace();
        assertThat(wear.flankWearMm()).isZero();
        assertThat(wear.remainingLifeMin(cut)).isCloseTo(lifeMin, within(1e-9 * lifeMin));
        assertThat(wear.toolLifeMin(new CuttingConditions(12, 4, 4000, 0, 2, 6))).as("not cutting").isInfinite();
    }

    @Test
    void wearCurveHasRunInSteadyAndAcceleratedStages() {
        double runInRate = ToolWear.flankWear(0.02) / 0.02;
        double steadyRate = (ToolWear.flankWear(0.6) - ToolWear.flankWear(0.4)) / 0.2;
        double finalRate = (ToolWear.flankWear(1.0) - ToolWear.flankWear(0.95)) / 0.05;
        assertThat(runInRate).isGreaterThan(steadyRate * 5);
        assertThat(finalRate).isGreaterThan(steadyRate * 2);
        assertThat(ToolWear.flankWear(1.0)).isCloseTo(0.3, within(1e-12));
    }

    @Test
    void bearing6205At1500RpmRingsAtItsDefectFrequencies() {
        double shaftHz = 1500 / 60.0;
        assertThat(Bearing.SKF_6205.bpfoHz(shaftHz)).isCloseTo(89.3, within(0.05));
        assertThat(Bearing.SKF_6205.bpfiHz(shaftHz)).isCloseTo(135.7, within(0.05));
        assertThat(Bearing.SKF_6205.ftfHz(shaftHz)).isCloseTo(9.92, within(0.01));
        assertThat(Bearing.SKF_6205.bsfHz(shaftHz)).isCloseTo(58.0, within(0.5));
    }

    @Test
    void ratingLifeFollowsIso281() {
        Bearing ball = new Bearing("test", 9, 8, 40, 0, 30, false);
        assertThat(ball.l10Hours(5, 1500)).isCloseTo(2400, within(1e-9));
        Bearing roller = new Bearing("test", 9, 8, 40, 0, 30, true);
        assertThat(roller.l10MillionRevolutions(5)).isCloseTo(Math.pow(6, 10.0 / 3), within(1e-9));
    }

    @Test
    void thermalStepResponseMatchesTheAnalyticSolution() {
        SpindleThermal.Parameters p = new SpindleThermal.Parameters(4000, 40_000, 0.05, 0.02, 0.08, 300, 12_000, 300, 11.5e-6);
        SpindleThermal thermal = new SpindleThermal(p, 20);
        double housingHeatW = 150;
        double speed = 12_000;
        // Independent closed form: eigen-decomposition of the 2×2 system, x(t) = x_s + Σ c_i v_i e^(λ_i t).
        double cb = p.bearingHeatCapacityJPerK();
        double ch = p.housingHeatCapacityJPerK();
        double rbh = p.bearingToHousingKPerW();
        double rhe = p.housingToEnvironmentKPerW();
        double qb = 300;
        double a11 = -1 / (rbh * cb);
        double a12 = 1 / (rbh * cb);
        double a21 = 1 / (rbh * ch);
        double a22 = -1 / (rbh * ch) - 1 / (rhe * ch);
        double tr = a11 + a22;
        double det = a11 * a22 - a12 * a21;
        double l1 = tr / 2 + Math.sqrt(tr * tr / 4 - det);
        double l2 = tr / 2 - Math.sqrt(tr * tr / 4 - det);
        double[] v1 = {a12, l1 - a11};
        double[] v2 = {a12, l2 - a11};
        double steadyHousing = 20 + (qb + housingHeatW) * rhe;
        double steadyBearing = steadyHousing + qb * rbh;
        double d0b = 20 - steadyBearing;
        double d0h = 20 - steadyHousing;
        double c2 = (d0h * v1[0] - d0b * v1[1]) / (v2[1] * v1[0] - v2[0] * v1[1]);
        double c1 = (d0b - c2 * v2[0]) / v1[0];
        double time = 0;
        for (int step = 0; step < 120; step++) {
            thermal.step(60, speed, housingHeatW, 20, true);
            time += 60;
            double bearing = steadyBearing + c1 * v1[0] * Math.exp(l1 * time) + c2 * v2[0] * Math.exp(l2 * time);
            double housing = steadyHousing + c1 * v1[1] * Math.exp(l1 * time) + c2 * v2[1] * Math.exp(l2 * time);
            assertThat(thermal.bearingTempC()).isCloseTo(bearing, within(1e-6));
            assertThat(thermal.housingTempC()).isCloseTo(housing, within(1e-6));
        }
        assertThat(thermal.housingTempC()).isBetween(20.0, steadyHousing);
        assertThat(thermal.thermalGrowthUm()).isCloseTo(11.5e-6 * 300 * 1000 * (thermal.housingTempC() - 20), within(1e-9));
    }

    @Test
    void losingCoolantRaisesTheSteadyTemperature() {
        SpindleThermal.Parameters p = new SpindleThermal.Parameters(4000, 40_000, 0.05, 0.02, 0.08, 300, 12_000, 300, 11.5e-6);
        SpindleThermal cooled = new SpindleThermal(p, 20);
        SpindleThermal dry = new SpindleThermal(p, 20);
        cooled.step(36_000, 12_000, 150, 20, true);
        dry.step(36_000, 12_000, 150, 20, false);
        assertThat(dry.housingTempC() - 20).isCloseTo(4 * (cooled.housingTempC() - 20), within(0.01));
    }

    @Test
    void spindleLoadRisesMonotonicallyWithWear() {
        SpindleDrive drive = new SpindleDrive(15, 1500, 12_000, 0.05, 0.2);
        double previous = -1;
        for (double vb = 0; vb <= 0.3001; vb += 0.01) {
            CuttingForce.Result result = CuttingForce.of(FINISHING, WorkpieceMaterial.STEEL_MEDIUM_CARBON, vb);
            double load = drive.loadPercent(FINISHING.spindleSpeedRpm(), result.spindleTorqueNm());
            assertThat(load).isGreaterThan(previous);
            previous = load;
        }
    }

    @Test
    void cuttingPowerFollowsKienzleForASlotCut() {
        // Full slot (ae = D): engagement 180°, hm = fz · 2/π; P = ap·ae·vf·kc/(60·10⁶).
        CuttingConditions slot = new CuttingConditions(10, 4, 6000, 1200, 3, 10);
        double fz = 1200 / (4.0 * 6000);
        double hm = fz * 2 / Math.PI;
        double kc = 1500 * Math.pow(hm, -0.22);
        CuttingForce.Result result = CuttingForce.of(slot, WorkpieceMaterial.STEEL_MEDIUM_CARBON, 0);
        assertThat(result.meanChipThicknessMm()).isCloseTo(hm, within(1e-12));
        assertThat(result.cuttingPowerKw()).isCloseTo(3 * 10 * 1200 * kc / 60e6, within(1e-12));
    }

    @Test
    void spindleReachesCommandedSpeedAndStallsUnderTooMuchTorque() {
        SpindleDrive drive = new SpindleDrive(15, 1500, 12_000, 0.05, 0);
        // Constant torque 95.5 Nm up to 1500 rpm: 0.05 kg·m² reaches it in J·ω/T = 0.082 s.
        double torque = drive.maxTorqueNm(0);
        assertThat(torque).isCloseTo(15_000 / (1500 * 2 * Math.PI / 60), within(1e-9));
        assertThat(drive.nextSpeedRpm(0, 1500, 0, 0.08)).isCloseTo(0.08 * torque / 0.05 * 60 / (2 * Math.PI), within(1e-6));
        assertThat(drive.nextSpeedRpm(0, 1500, 0, 0.2)).isEqualTo(1500);
        assertThat(drive.nextSpeedRpm(1500, 1500, torque * 0.9, 1)).as("holds under load it can carry").isEqualTo(1500);
        assertThat(drive.nextSpeedRpm(1500, 1500, torque * 1.5, 0.05)).as("stalls under more").isLessThan(1500);
        assertThat(drive.loadPercent(1500, torque)).isCloseTo(100, within(1e-9));
    }

    @Test
    void iso10816ZonesForAClassIIMachine() {
        assertThat(VibrationSeverity.zone(1.0, VibrationSeverity.MachineClass.II)).isEqualTo(VibrationSeverity.Zone.A);
        assertThat(VibrationSeverity.zone(1.12, VibrationSeverity.MachineClass.II)).isEqualTo(VibrationSeverity.Zone.B);
        assertThat(VibrationSeverity.zone(5.0, VibrationSeverity.MachineClass.II)).isEqualTo(VibrationSeverity.Zone.C);
        assertThat(VibrationSeverity.zone(7.1, VibrationSeverity.MachineClass.II)).isEqualTo(VibrationSeverity.Zone.D);
    }

    @Test
    void vibrationShowsImbalanceBySpeedSquaredAndDefectsAtTheirFrequency() {
        SpindleVibration.Model model = new SpindleVibration.Model(0.4, 0.5, 3.0, 12_000);
        List<SpindleVibration.Peak> half = SpindleVibration.spectrum(model, Bearing.SKF_6205, 6000, 1, null, 0);
        List<SpindleVibration.Peak> full = SpindleVibration.spectrum(model, Bearing.SKF_6205, 12_000, 1, null, 0);
        assertThat(full.get(1).amplitudeMmPerS()).isCloseTo(4 * half.get(1).amplitudeMmPerS(), within(1e-12));

        List<SpindleVibration.Peak> outer = SpindleVibration.spectrum(model, Bearing.SKF_6205, 1500, 1, SpindleVibration.Defect.OUTER_RACE, 0.5);
        SpindleVibration.Peak strongest = outer.stream().filter(peak -> peak.frequencyHz() > 30)
                .max(java.util.Comparator.comparingDouble(SpindleVibration.Peak::amplitudeMmPerS)).orElseThrow();
        assertThat(strongest.frequencyHz()).isCloseTo(89.3, within(0.05));
        assertThat(SpindleVibration.rmsMmPerS(outer)).isGreaterThan(SpindleVibration.rmsMmPerS(
                SpindleVibration.spectrum(model, Bearing.SKF_6205, 1500, 1, null, 0)));
    }
}
