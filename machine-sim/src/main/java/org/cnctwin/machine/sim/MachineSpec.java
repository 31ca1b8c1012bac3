package org.cnctwin.machine.sim;

import org.cnctwin.machine.gcode.MachineProfile;
import org.cnctwin.machine.physics.Bearing;
import org.cnctwin.machine.physics.SpindleDrive;
import org.cnctwin.machine.physics.SpindleThermal;
import org.cnctwin.machine.physics.SpindleVibration;
import org.cnctwin.machine.physics.VibrationSeverity;

/**
 * Everything the simulator needs to know about one kind of machine: what the interpreter
 * enforces (travel, speeds, tool change time) and the physics of its spindle. Values are typical
 * of the class of machine, not of one maker's model (docs/physics.md).
 *
 * @param frontBearing the bearing whose defects the simulator can inject and the twin watches
 * @param bearingLoadKn equivalent radial load on that bearing in normal cutting (for L10)
 * @param vibrationClass the ISO 10816-1 class its vibration is judged by
 */
public record MachineSpec(String name, MachineProfile profile, SpindleDrive spindle, Bearing frontBearing, double bearingLoadKn,
                          SpindleThermal.Parameters thermal, SpindleVibration.Model vibration, VibrationSeverity.MachineClass vibrationClass) {

    /** A 3-axis vertical machining centre: 1000 × 500 × 500 mm, 12,000 rpm, 15 kW, BT40-class spindle. */
    public static final MachineSpec VMC_3_AXIS = new MachineSpec("vmc-3axis",
            MachineProfile.VMC_3_AXIS,
            new SpindleDrive(15, 1500, 12_000, 0.045, 0.35),
            Bearing.ANGULAR_7014, 2.0,
            new SpindleThermal.Parameters(6_000, 60_000, 0.04, 0.012, 0.05, 450, 12_000, 300, 11.5e-6),
            new SpindleVibration.Model(0.45, 0.6, 3.5, 12_000),
            VibrationSeverity.MachineClass.I);

    /** A high-speed machining centre: 24,000 rpm, 18 kW motor spindle, HSK63-class, light tools. */
    public static final MachineSpec HIGH_SPEED = new MachineSpec("hsm-24k",
            new MachineProfile("hsm-24k", new double[] {-800, -600, -450}, new double[] {0, 0, 0}, 24_000, 48_000, 20_000, 1.8),
            new SpindleDrive(18, 6000, 24_000, 0.012, 0.25),
            Bearing.ANGULAR_7008, 0.8,
            new SpindleThermal.Parameters(2_500, 30_000, 0.035, 0.015, 0.06, 600, 24_000, 250, 11.5e-6),
            new SpindleVibration.Model(0.35, 0.5, 3.0, 24_000),
            VibrationSeverity.MachineClass.II);

    /** A horizontal machining centre with a pallet changer: 800 × 800 × 800 mm, 10,000 rpm, 30 kW. */
    public static final MachineSpec HMC = new MachineSpec("hmc-500",
            new MachineProfile("hmc-500", new double[] {-800, -800, -800}, new double[] {0, 0, 0}, 10_000, 60_000, 15_000, 3.2),
            new SpindleDrive(30, 1200, 10_000, 0.09, 0.5),
            Bearing.ANGULAR_7014, 3.0,
            new SpindleThermal.Parameters(9_000, 120_000, 0.035, 0.008, 0.045, 550, 10_000, 380, 11.5e-6),
            new SpindleVibration.Model(0.6, 0.8, 4.0, 10_000),
            VibrationSeverity.MachineClass.II);

    public static final MachineSpec[] ALL = {VMC_3_AXIS, HIGH_SPEED, HMC};

    public static MachineSpec named(String name) {
        for (MachineSpec spec : ALL) {
            if (spec.name.equals(name)) {
                return spec;
            }
        }
        throw new IllegalArgumentException("machine profile must be vmc-3axis, hsm-24k or hmc-500, was \"" + name + '"');
    }
}
