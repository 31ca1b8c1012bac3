package org.cnctwin.machine.gcode;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * Prints canonical operations the way LinuxCNC's {@code rs274} does: a counter, the block's N
 * number, then one canonical call, numbers {@code %.4f} in program units in the work coordinate
 * system. So our interpretation of a program can be diffed against LinuxCNC's.
 */
public final class Rs274Printer implements Consumer<CanonicalOperation> {

    private static final double MM_PER_INCH = 25.4;

    private final Appendable out;
    private int counter;
    private double printedFeedRate = 0;
    private double printedSpindleSpeed = 0;
    private int printedSpindleDirection = 0;
    private boolean printedMist;
    private boolean printedFlood;

    public Rs274Printer(Appendable out) {
        this.out = out;
    }

    @Override
    public void accept(CanonicalOperation operation) {
        ModalState state = operation.state();
        if (operation instanceof CanonicalOperation.Traverse) {
            line(state, "STRAIGHT_TRAVERSE(" + axes(state, state.workPosition()) + ")");
        } else if (operation instanceof CanonicalOperation.LinearFeed) {
            feedRate(state);
            line(state, "STRAIGHT_FEED(" + axes(state, state.workPosition()) + ")");
        } else if (operation instanceof CanonicalOperation.ArcFeed arc) {
            feedRate(state);
            line(state, arcFeed(state, arc));
        } else if (operation instanceof CanonicalOperation.Dwell dwell) {
            line(state, "DWELL(" + number(dwell.seconds()) + ")");
        } else if (operation instanceof CanonicalOperation.SpindleChange) {
            spindle(state);
        } else if (operation instanceof CanonicalOperation.ToolChange change) {
            line(state, "CHANGE_TOOL(" + change.toToolNumber() + ")");
        } else if (operation instanceof CanonicalOperation.CoolantChange) {
            coolant(state);
        } else if (operation instanceof CanonicalOperation.ProgramStop stop) {
            line(state, switch (stop.code()) {
                case M00 -> "PROGRAM_STOP()";
                case M01 -> "OPTIONAL_PROGRAM_STOP()";
                default -> "PROGRAM_END()";
            });
        }
    }

    private String arcFeed(ModalState state, CanonicalOperation.ArcFeed arc) {
        Plane plane = state.plane();
        Position end = state.workPosition();
        int turns = arc.clockwise() ? -(1 + arc.extraTurns()) : 1 + arc.extraTurns();
        return "ARC_FEED(" + length(state, end.get(plane.first)) + ", " + length(state, end.get(plane.second)) + ", "
                + length(state, arc.center().get(plane.first)) + ", " + length(state, arc.center().get(plane.second)) + ", "
                + turns + ", " + length(state, end.get(plane.normal)) + ", "
                + number(end.a()) + ", " + number(end.b()) + ", " + number(end.c()) + ")";
    }

    private void feedRate(ModalState state) {
        double feed = state.inchUnits() ? state.feedRate() / MM_PER_INCH : state.feedRate();
        if (feed != printedFeedRate) {
            printedFeedRate = feed;
            line(state, "SET_FEED_RATE(" + number(feed) + ")");
        }
    }

    private void spindle(ModalState state) {
        if (state.spindleSpeedRpm() != printedSpindleSpeed) {
            printedSpindleSpeed = state.spindleSpeedRpm();
            line(state, "SET_SPINDLE_SPEED(0, " + number(state.spindleSpeedRpm()) + ")");
        }
        if (state.spindleDirection() != printedSpindleDirection) {
            printedSpindleDirection = state.spindleDirection();
            line(state, switch (state.spindleDirection()) {
                case 1 -> "START_SPINDLE_CLOCKWISE(0)";
                case -1 -> "START_SPINDLE_COUNTERCLOCKWISE(0)";
                default -> "STOP_SPINDLE_TURNING(0)";
            });
        }
    }

    private void coolant(ModalState state) {
        if (state.mistCoolant() != printedMist) {
            printedMist = state.mistCoolant();
            line(state, printedMist ? "MIST_ON()" : "MIST_OFF()");
        }
        if (state.floodCoolant() != printedFlood) {
            printedFlood = state.floodCoolant();
            line(state, printedFlood ? "FLOOD_ON()" : "FLOOD_OFF()");
        }
    }

    private static String axes(ModalState state, Position position) {
        return length(state, position.x()) + ", " + length(state, position.y()) + ", " + length(state, position.z()) + ", "
                + number(position.a()) + ", " + number(position.b()) + ", " + number(position.c());
    }

    private static String length(ModalState state, double mm) {
        return number(state.inchUnits() ? mm / MM_PER_INCH : mm);
    }

    /** As C's printf("%.4f"): the exact binary value rounded half to even (1.53125 → 1.5312). */
    private static String number(double value) {
        String text = new java.math.BigDecimal(value).setScale(4, java.math.RoundingMode.HALF_EVEN).toPlainString();
        boolean negative = value < 0 || (value == 0 && 1 / value < 0);
        return negative && !text.startsWith("-") ? "-" + text : text; // C keeps the sign of a value that rounds to zero
    }

    private void line(ModalState state, String call) {
        String sequence = state.sequenceNumber() < 0 ? "....." : String.format(Locale.ROOT, "%-5d", state.sequenceNumber());
        try {
            out.append(String.format(Locale.ROOT, "%5d N%s %s%n", ++counter, sequence, call));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
