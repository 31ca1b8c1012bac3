package org.cnctwin.machine.physics;

/**
 * ISO 10816-1 vibration severity: the zone of an RMS velocity for a machine class.
 * Zone A: new machines; B: unrestricted long-term operation; C: restricted, plan maintenance;
 * D: damage may occur.
 */
public final class VibrationSeverity {

    public enum Zone { A, B, C, D }

    /** Boundaries A/B, B/C, C/D in mm/s RMS. */
    public enum MachineClass {
        /** small machines, up to 15 kW */
        I(0.71, 1.8, 4.5),
        /** medium machines, 15-75 kW, or up to 300 kW on special foundations */
        II(1.12, 2.8, 7.1),
        /** large machines on rigid foundations */
        III(1.8, 4.5, 11.2),
        /** large machines on soft foundations */
        IV(2.8, 7.1, 18);

        public final double abMmPerS;
        public final double bcMmPerS;
        public final double cdMmPerS;

        MachineClass(double ab, double bc, double cd) {
            this.abMmPerS = ab;
            this.bcMmPerS = bc;
            this.cdMmPerS = cd;
        }
    }

    private VibrationSeverity() {}

    public static Zone zone(double vibrationRmsMmPerS, MachineClass machineClass) {
        if (vibrationRmsMmPerS < machineClass.abMmPerS) {
            return Zone.A;
        }
        if (vibrationRmsMmPerS < machineClass.bcMmPerS) {
            return Zone.B;
        }
        return vibrationRmsMmPerS < machineClass.cdMmPerS ? Zone.C : Zone.D;
    }
}
