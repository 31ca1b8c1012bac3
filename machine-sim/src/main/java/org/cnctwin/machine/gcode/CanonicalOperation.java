package org.cnctwin.machine.gcode;

/**
 * What the interpreter tells the machine to do, one operation at a time, each with the modal
 * state in force after it. Canned cycles, subprograms and macros arrive expanded into these.
 */
public sealed interface CanonicalOperation {

    ModalState state();

    /** Rapid move to {@code state().workPosition()}. */
    record Traverse(Position start, ModalState state) implements CanonicalOperation {}

    /** Straight cutting move at the feed rate. */
    record LinearFeed(Position start, ModalState state) implements CanonicalOperation {}

    /**
     * Circular or helical cutting move in {@code state().plane()}.
     *
     * @param center in work coordinates; its normal-axis value is meaningless
     * @param extraTurns full turns beyond the first (helices)
     */
    record ArcFeed(Position start, Position center, boolean clockwise, int extraTurns, ModalState state) implements CanonicalOperation {}

    record Dwell(double seconds, ModalState state) implements CanonicalOperation {}

    /** The spindle started, stopped or changed speed; see the state's speed and direction. */
    record SpindleChange(ModalState state) implements CanonicalOperation {}

    record ToolChange(int fromToolNumber, int toToolNumber, ModalState state) implements CanonicalOperation {}

    record CoolantChange(ModalState state) implements CanonicalOperation {}

    /** M00, M01 (when optional stop is on), M02 or M30. */
    record ProgramStop(MCode code, ModalState state) implements CanonicalOperation {}
}
