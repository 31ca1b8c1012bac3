package org.cnctwin.machine.gcode;

/**
 * The control's whole modal state at one operation, so a consumer (the simulator, the twin)
 * knows what the machine is supposed to be doing without replaying the program.
 * Lengths are millimetres whatever the program's units; {@link #inchUnits()} says what the
 * program wrote.
 *
 * @param sequenceNumber the N number of the block, or -1 when it has none
 * @param workPosition the programmed point in the active work coordinate system (no tool length)
 * @param machinePosition the same point in machine coordinates: work + work offset + G92 offset + tool length
 * @param feedRate mm/min, or mm/rev in G95
 * @param spindleDirection 1 clockwise (M03), -1 counter-clockwise (M04), 0 stopped
 * @param workCoordinateSystem 1-6 for G54-G59, 7+ for G54.1 P1...
 * @param toolLengthOffsetMm applied along Z (G43 positive, G44 negative, 0 after G49)
 * @param cutterCompensation G40, G41 or G42
 * @param cutterRadiusMm the radius G41/G42 offsets by (0 under G40)
 */
public record ModalState(
        SourcePosition source,
        long sequenceNumber,
        Position workPosition,
        Position machinePosition,
        GCode motion,
        Plane plane,
        boolean inchUnits,
        boolean incremental,
        boolean feedPerRevolution,
        double feedRate,
        double spindleSpeedRpm,
        int spindleDirection,
        int toolNumber,
        int workCoordinateSystem,
        double toolLengthOffsetMm,
        GCode cutterCompensation,
        double cutterRadiusMm,
        boolean mistCoolant,
        boolean floodCoolant) {}
