package org.cnctwin.machine.gcode;

/** Every G code the interpreter knows, with its modal group: the data the block checker works from. */
public enum GCode {
    G00(0, ModalGroup.MOTION), G01(10, ModalGroup.MOTION), G02(20, ModalGroup.MOTION), G03(30, ModalGroup.MOTION),
    G04(40, ModalGroup.NON_MODAL), G10(100, ModalGroup.NON_MODAL),
    G17(170, ModalGroup.PLANE), G18(180, ModalGroup.PLANE), G19(190, ModalGroup.PLANE),
    G20(200, ModalGroup.UNITS), G21(210, ModalGroup.UNITS),
    G28(280, ModalGroup.NON_MODAL), G30(300, ModalGroup.NON_MODAL),
    G40(400, ModalGroup.CUTTER_COMPENSATION), G41(410, ModalGroup.CUTTER_COMPENSATION), G42(420, ModalGroup.CUTTER_COMPENSATION),
    G43(430, ModalGroup.TOOL_LENGTH), G44(440, ModalGroup.TOOL_LENGTH), G49(490, ModalGroup.TOOL_LENGTH),
    G53(530, ModalGroup.NON_MODAL),
    G54(540, ModalGroup.WORK_COORDINATES), G54_1(541, ModalGroup.WORK_COORDINATES), G55(550, ModalGroup.WORK_COORDINATES),
    G56(560, ModalGroup.WORK_COORDINATES), G57(570, ModalGroup.WORK_COORDINATES), G58(580, ModalGroup.WORK_COORDINATES),
    G59(590, ModalGroup.WORK_COORDINATES),
    G61(610, ModalGroup.PATH_CONTROL), G64(640, ModalGroup.PATH_CONTROL),
    G65(650, ModalGroup.NON_MODAL),
    G73(730, ModalGroup.CANNED_CYCLE), G74(740, ModalGroup.CANNED_CYCLE), G76(760, ModalGroup.CANNED_CYCLE), G80(800, ModalGroup.CANNED_CYCLE),
    G81(810, ModalGroup.CANNED_CYCLE), G82(820, ModalGroup.CANNED_CYCLE), G83(830, ModalGroup.CANNED_CYCLE), G84(840, ModalGroup.CANNED_CYCLE),
    G85(850, ModalGroup.CANNED_CYCLE), G86(860, ModalGroup.CANNED_CYCLE), G87(870, ModalGroup.CANNED_CYCLE), G88(880, ModalGroup.CANNED_CYCLE),
    G89(890, ModalGroup.CANNED_CYCLE),
    G90(900, ModalGroup.DISTANCE), G91(910, ModalGroup.DISTANCE),
    G92(920, ModalGroup.NON_MODAL), G92_1(921, ModalGroup.NON_MODAL),
    G94(940, ModalGroup.FEED_RATE_MODE), G95(950, ModalGroup.FEED_RATE_MODE),
    G98(980, ModalGroup.RETURN_LEVEL), G99(990, ModalGroup.RETURN_LEVEL);

    /** Indexed by the code in tenths (G54.1 → 541): every G word is looked up here. */
    private static final GCode[] BY_TENTHS = new GCode[1000];

    static {
        for (GCode code : values()) {
            BY_TENTHS[code.tenths] = code;
        }
    }

    private final int tenths;
    private final ModalGroup group;

    GCode(int tenths, ModalGroup group) {
        this.tenths = tenths;
        this.group = group;
    }

    public ModalGroup group() {
        return group;
    }

    /** @return the code for a G word's value (54.1 → G54.1), or null when unknown */
    public static GCode of(double value) {
        double scaled = value * 10;
        long tenths = Math.round(scaled);
        if (tenths < 0 || tenths >= BY_TENTHS.length || Math.abs(scaled - tenths) > 1e-6) {
            return null;
        }
        return BY_TENTHS[(int) tenths];
    }

    public boolean isCannedCycle() {
        return group == ModalGroup.CANNED_CYCLE && this != G80;
    }

    public boolean isArc() {
        return this == G02 || this == G03;
    }

    /** How it is written: G00, G54.1. */
    public String label() {
        return tenths % 10 == 0 ? String.format("G%02d", tenths / 10) : String.format("G%02d.%d", tenths / 10, tenths % 10);
    }
}
