package org.cnctwin.machine.gcode;

/** Every M code the interpreter knows, with its modal group. */
public enum MCode {
    M00(0, ModalGroup.STOPPING), M01(1, ModalGroup.STOPPING), M02(2, ModalGroup.STOPPING), M30(30, ModalGroup.STOPPING),
    M03(3, ModalGroup.SPINDLE), M04(4, ModalGroup.SPINDLE), M05(5, ModalGroup.SPINDLE),
    M06(6, ModalGroup.TOOL_CHANGE),
    M07(7, ModalGroup.COOLANT), M08(8, ModalGroup.COOLANT), M09(9, ModalGroup.COOLANT),
    M98(98, ModalGroup.SUBPROGRAM), M99(99, ModalGroup.SUBPROGRAM);

    private static final MCode[] BY_NUMBER = new MCode[100];

    static {
        for (MCode code : values()) {
            BY_NUMBER[code.number] = code;
        }
    }

    private final int number;
    private final ModalGroup group;

    MCode(int number, ModalGroup group) {
        this.number = number;
        this.group = group;
    }

    public ModalGroup group() {
        return group;
    }

    public static MCode of(int number) {
        return number >= 0 && number < BY_NUMBER.length ? BY_NUMBER[number] : null;
    }

    public String label() {
        return String.format("M%02d", number);
    }
}
