package org.cnctwin.machine.gcode;

/** The modal groups: a block may hold at most one code of each (M07 with M08 excepted). */
public enum ModalGroup {
    NON_MODAL("non-modal (G04 G10 G28 G30 G53 G65 G92 G92.1)"),
    MOTION("motion (G00-G03)"),
    /** FANUC's group 09: apart from group 01 so that {@code G80 G00 Z50} is one block. */
    CANNED_CYCLE("canned cycle (G73-G89, G80)"),
    PLANE("plane (G17 G18 G19)"),
    DISTANCE("distance (G90 G91)"),
    FEED_RATE_MODE("feed rate mode (G94 G95)"),
    UNITS("units (G20 G21)"),
    CUTTER_COMPENSATION("cutter compensation (G40 G41 G42)"),
    TOOL_LENGTH("tool length offset (G43 G44 G49)"),
    WORK_COORDINATES("work coordinate system (G54-G59, G54.1)"),
    RETURN_LEVEL("canned cycle return level (G98 G99)"),
    PATH_CONTROL("path control (G61 G64)"),
    STOPPING("program stop (M00 M01 M02 M30)"),
    SPINDLE("spindle (M03 M04 M05)"),
    TOOL_CHANGE("tool change (M06)"),
    COOLANT("coolant (M07 M08 M09)"),
    SUBPROGRAM("subprogram (M98 M99)");

    private final String description;

    ModalGroup(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
