package org.cnctwin.machine.gcode;

/**
 * The control's whole modal state at one operation, so a consumer (the simulator, the twin)
 * knows what the machine is supposed to be doing without replaying the program.
 * Lengths are millimetres whatever the program's units; {@link #inchUnits()} says what the
 * program wrote.
 *
 * <p>What changes with every move (where, how, which block) is held here; the settings that
 * change rarely are one {@link Modes} object that consecutive states share until one of them
 * changes, so a program of a million moves does not carry a million copies of its feed rate.
 *
 * @param sequenceNumber the N number of the block, or -1 when it has none
 * @param workPosition the programmed point in the active work coordinate system (no tool length)
 */
public record ModalState(SourcePosition source, long sequenceNumber, Position workPosition, GCode motion, Modes modes) {

    /**
     * @param feedRate mm/min, or mm/rev in G95
     * @param spindleDirection 1 clockwise (M03), -1 counter-clockwise (M04), 0 stopped
     * @param workCoordinateSystem 1-6 for G54-G59, 7+ for G54.1 P1...
     * @param toolLengthOffsetMm applied along Z (G43 positive, G44 negative, 0 after G49)
     * @param cutterCompensation G40, G41 or G42
     * @param cutterRadiusMm the radius G41/G42 offsets by (0 under G40)
     * @param machineOffset machine minus work coordinates: work offset + G92 offset + tool length along Z
     */
    public record Modes(Plane plane, boolean inchUnits, boolean incremental, boolean feedPerRevolution, double feedRate, double spindleSpeedRpm,
                        int spindleDirection, int toolNumber, int workCoordinateSystem, double toolLengthOffsetMm, GCode cutterCompensation,
                        double cutterRadiusMm, boolean mistCoolant, boolean floodCoolant, Position machineOffset) {}

    /** The same point in machine coordinates: work + work offset + G92 offset + tool length. */
    public Position machinePosition() {
        return workPosition.plus(modes.machineOffset);
    }

    public Plane plane() {
        return modes.plane;
    }

    public boolean inchUnits() {
        return modes.inchUnits;
    }

    public boolean incremental() {
        return modes.incremental;
    }

    public boolean feedPerRevolution() {
        return modes.feedPerRevolution;
    }

    public double feedRate() {
        return modes.feedRate;
    }

    public double spindleSpeedRpm() {
        return modes.spindleSpeedRpm;
    }

    public int spindleDirection() {
        return modes.spindleDirection;
    }

    public int toolNumber() {
        return modes.toolNumber;
    }

    public int workCoordinateSystem() {
        return modes.workCoordinateSystem;
    }

    public double toolLengthOffsetMm() {
        return modes.toolLengthOffsetMm;
    }

    public GCode cutterCompensation() {
        return modes.cutterCompensation;
    }

    public double cutterRadiusMm() {
        return modes.cutterRadiusMm;
    }

    public boolean mistCoolant() {
        return modes.mistCoolant;
    }

    public boolean floodCoolant() {
        return modes.floodCoolant;
    }
}
