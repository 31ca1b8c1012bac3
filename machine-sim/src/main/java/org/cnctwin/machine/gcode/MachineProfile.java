package org.cnctwin.machine.gcode;

/**
 * What the interpreter needs to know about the machine to refuse what it cannot do and to
 * estimate cycle time.
 *
 * @param travelMinMm X Y Z lower travel limits in machine coordinates
 * @param travelMaxMm X Y Z upper travel limits
 * @param toolChangeTimeS chip-to-chip time of M06
 */
public record MachineProfile(String name, double[] travelMinMm, double[] travelMaxMm, double maxSpindleSpeedRpm, double rapidRateMmPerMin,
                             double maxFeedMmPerMin, double toolChangeTimeS) {

    /** A 3-axis vertical machining centre with 1000 × 500 × 500 mm travel, 12,000 rpm. */
    public static final MachineProfile VMC_3_AXIS = new MachineProfile("vmc-3axis", new double[] {-1000, -500, -500}, new double[] {0, 0, 0},
            12_000, 36_000, 10_000, 2.5);

    /** No limits: for checking programs written for an unknown machine, and for comparing with rs274. */
    public static final MachineProfile UNLIMITED = new MachineProfile("unlimited",
            new double[] {-1e9, -1e9, -1e9}, new double[] {1e9, 1e9, 1e9}, 1e9, 25_000, 1e9, 0);
}
