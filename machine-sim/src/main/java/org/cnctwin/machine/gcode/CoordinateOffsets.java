package org.cnctwin.machine.gcode;

import java.util.Arrays;

/**
 * What lies between work and machine coordinates: the work coordinate systems (G54–G59, G54.1
 * P1–P48) and their offsets (G10 L2/L20), the G92 shift and the tool length offset along Z.
 * Each change returns the work position the tool is at afterwards: the machine does not move
 * when an offset changes.
 */
final class CoordinateOffsets {

    private static final String AXES = "XYZABC";

    private final Position[] workOffsets = new Position[1 + 6 + 48];
    private int workCoordinateSystem = 1;
    private Position g92Offset = Position.ORIGIN;
    private double toolLengthOffsetMm;

    /** Offsets change rarely and every move needs their sum (travel check, snapshot): the last sum, and what it was made of. */
    private Position machineOffset = Position.ORIGIN;
    private Position summedWorkOffset;
    private Position summedG92Offset;
    private double summedToolLengthMm;

    CoordinateOffsets() {
        Arrays.fill(workOffsets, Position.ORIGIN);
    }

    /** 1 for G54 … 6 for G59, 7–54 for G54.1 P1–P48. */
    int workCoordinateSystem() {
        return workCoordinateSystem;
    }

    double toolLengthOffsetMm() {
        return toolLengthOffsetMm;
    }

    /** Machine minus work coordinates: the active work offset, the G92 offset and the tool length along Z. */
    Position machineOffset() {
        Position offset = workOffsets[workCoordinateSystem];
        if (offset != summedWorkOffset || g92Offset != summedG92Offset || toolLengthOffsetMm != summedToolLengthMm) {
            summedWorkOffset = offset;
            summedG92Offset = g92Offset;
            summedToolLengthMm = toolLengthOffsetMm;
            machineOffset = new Position(offset.x() + g92Offset.x(), offset.y() + g92Offset.y(), offset.z() + g92Offset.z() + toolLengthOffsetMm,
                    offset.a() + g92Offset.a(), offset.b() + g92Offset.b(), offset.c() + g92Offset.c());
        }
        return machineOffset;
    }

    Position machinePosition(Position work) {
        return work.plus(machineOffset());
    }

    Position workFromMachine(Position machine) {
        return machine.minus(machineOffset());
    }

    /** G54…G59 or G54.1 P in {@code block}. */
    Position selectSystem(GCode code, BlockChecker block, Position work) {
        int system;
        if (code == GCode.G54_1) {
            int p = (int) block.value('P');
            if (p < 1 || p > 48) {
                throw block.error(GcodeError.WORD_NOT_ALLOWED, block.position('P'), "G54.1 P must be 1-48, was " + p);
            }
            system = 6 + p;
        } else {
            system = 1 + (code.ordinal() == GCode.G54.ordinal() ? 0 : code.ordinal() - GCode.G55.ordinal() + 1);
        }
        Position moved = work.plus(workOffsets[workCoordinateSystem]).minus(workOffsets[system]);
        workCoordinateSystem = system;
        return moved;
    }

    /** G10 L2 (offset as written, or added in G91) or L20 (so that the tool is at the written position), P0 the active system. */
    Position setWorkOffset(int l, BlockChecker block, boolean incremental, Position work) {
        int p = (int) block.value('P');
        int system = p == 0 ? workCoordinateSystem : p;
        if (system < 1 || system > 6) {
            throw block.error(GcodeError.WORD_NOT_ALLOWED, block.position('P'), "G10 L" + l + " P must be 0-6, was " + p);
        }
        Position machine = machinePosition(work);
        Position offset = workOffsets[system];
        for (int axis = 0; axis < AXES.length(); axis++) {
            char letter = AXES.charAt(axis);
            if (block.has(letter)) {
                double value = block.value(letter);
                double newOffset = l == 20
                        ? machine.get(axis) - value - g92Offset.get(axis) - (axis == 2 ? toolLengthOffsetMm : 0)
                        : incremental ? offset.get(axis) + value : value;
                offset = offset.with(axis, newOffset);
            }
        }
        Position old = workOffsets[system];
        workOffsets[system] = offset;
        return system == workCoordinateSystem ? work.plus(old).minus(offset) : work;
    }

    /** G92: the written axes become the tool's work position. */
    Position setG92(BlockChecker block, Position work) {
        if (!block.hasAxisWords()) {
            throw block.error(GcodeError.WORD_MISSING, block.blockPosition(), "G92 needs at least one axis word");
        }
        Position offset = g92Offset;
        Position moved = work;
        for (int axis = 0; axis < AXES.length(); axis++) {
            char letter = AXES.charAt(axis);
            if (block.has(letter)) {
                offset = offset.with(axis, work.get(axis) + g92Offset.get(axis) - block.value(letter));
                moved = moved.with(axis, block.value(letter));
            }
        }
        g92Offset = offset;
        return moved;
    }

    /** G92.1: the G92 shift is gone. */
    Position clearG92(Position work) {
        Position moved = work.plus(g92Offset);
        g92Offset = Position.ORIGIN;
        return moved;
    }

    /**
     * G43/G44/G49: the new tool length offset. With {@code machineStays} (LinuxCNC) the work Z
     * shifts by the change; otherwise (FANUC) the programmed tool tip stays and the machine takes
     * up the change with the next move.
     */
    Position setToolLength(double offsetMm, boolean machineStays, Position work) {
        Position moved = machineStays ? work.with(2, work.z() + toolLengthOffsetMm - offsetMm) : work;
        toolLengthOffsetMm = offsetMm;
        return moved;
    }
}
