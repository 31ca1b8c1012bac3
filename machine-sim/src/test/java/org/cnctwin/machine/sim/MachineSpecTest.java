package org.cnctwin.machine.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cnctwin.machine.physics.SpindleThermal;
import org.cnctwin.machine.physics.SpindleVibration;
import org.cnctwin.machine.physics.VibrationSeverity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Each profile behaves like a healthy machine of its kind: the physics are only as honest as these numbers. */
class MachineSpecTest {

    static final MachineSpec[] SPECS = MachineSpec.ALL;

    @ParameterizedTest
    @FieldSource("SPECS")
    void theSpindleReachesTopSpeedInAFewSecondsAndTheInterpreterAgrees(MachineSpec spec) {
        double top = spec.profile().maxSpindleSpeedRpm();
        assertThat(spec.spindle().maxSpeedRpm()).isEqualTo(top);
        assertThat(spec.spindle().nextSpeedRpm(0, top, 0, 5)).isEqualTo(top);
        assertThat(spec.spindle().nextSpeedRpm(0, top, 0, 0.2)).isLessThan(top);
    }

    @ParameterizedTest
    @FieldSource("SPECS")
    void healthyVibrationAtTopSpeedIsInZoneAOrB(MachineSpec spec) {
        double rms = SpindleVibration.rmsMmPerS(SpindleVibration.spectrum(spec.vibration(), spec.frontBearing(),
                spec.profile().maxSpindleSpeedRpm(), 1, null, 0));
        assertThat(VibrationSeverity.zone(rms, spec.vibrationClass())).isIn(VibrationSeverity.Zone.A, VibrationSeverity.Zone.B);
        double damaged = SpindleVibration.rmsMmPerS(SpindleVibration.spectrum(spec.vibration(), spec.frontBearing(),
                spec.profile().maxSpindleSpeedRpm(), 1, SpindleVibration.Defect.OUTER_RACE, 1));
        assertThat(VibrationSeverity.zone(damaged, spec.vibrationClass())).as("a fully developed defect").isIn(VibrationSeverity.Zone.C,
                VibrationSeverity.Zone.D);
    }

    @ParameterizedTest
    @FieldSource("SPECS")
    void spindleRunsWarmNotHotWithCoolantAndOverheatsWithout(MachineSpec spec) {
        double speed = spec.profile().maxSpindleSpeedRpm();
        SpindleThermal cooled = new SpindleThermal(spec.thermal(), 20);
        SpindleThermal dry = new SpindleThermal(spec.thermal(), 20);
        cooled.step(8 * 3600, speed, 300, 20, true);
        dry.step(8 * 3600, speed, 300, 20, false);
        assertThat(cooled.bearingTempC()).isBetween(30.0, 60.0);
        assertThat(dry.bearingTempC()).isGreaterThan(70.0);
        assertThat(cooled.thermalGrowthUm()).isBetween(10.0, 150.0); // measured spindle growth reaches ~100 µm
    }

    @ParameterizedTest
    @FieldSource("SPECS")
    void bearingsLastYearsAtTheirWorkingLoad(MachineSpec spec) {
        double hours = spec.frontBearing().l10Hours(spec.bearingLoadKn(), spec.profile().maxSpindleSpeedRpm() / 2);
        assertThat(hours).isGreaterThan(10_000);
    }

    @org.junit.jupiter.api.Test
    void profilesAreFoundByName() {
        assertThat(MachineSpec.named("hsm-24k")).isSameAs(MachineSpec.HIGH_SPEED);
        assertThatThrownBy(() -> MachineSpec.named("lathe")).hasMessage("machine profile must be vmc-3axis, hsm-24k or hmc-500, was \"lathe\"");
    }
}
