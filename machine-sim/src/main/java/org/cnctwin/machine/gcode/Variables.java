package org.cnctwin.machine.gcode;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Custom Macro B variables: #1-#33 local (a fresh set per G65 call), #100-#199 common, #500-#999
 * retained, #0 always vacant. Vacant is {@link Double#NaN} here: FANUC reads it as 0 in
 * arithmetic but tells it apart from 0 in EQ/NE, and an address given a vacant value is omitted.
 */
final class Variables {

    static final double VACANT = Double.NaN;

    private final Deque<double[]> localFrames = new ArrayDeque<>();
    private final double[] common = vacant(100);
    private final double[] retained = vacant(500);
    private final java.util.Map<String, Double> named = new java.util.HashMap<>();

    Variables() {
        localFrames.push(vacant(33));
    }

    static boolean isVacant(double value) {
        return Double.isNaN(value);
    }

    double get(int number, SourcePosition where) {
        if (number == 0) {
            return VACANT;
        }
        return slot(number, where)[index(number)];
    }

    void set(int number, double value, SourcePosition where) {
        if (number == 0) {
            throw new GcodeException(GcodeError.BAD_VARIABLE, where, "#0 is always vacant and cannot be written");
        }
        slot(number, where)[index(number)] = value;
    }

    double getNamed(String name) {
        return named.getOrDefault(name, VACANT);
    }

    void setNamed(String name, double value) {
        named.put(name, value);
    }

    /** A G65 call: the callee gets its own #1-#33, filled from the call's arguments. */
    void pushLocals(double[] arguments) {
        localFrames.push(Arrays.copyOf(arguments, 33));
    }

    void popLocals() {
        localFrames.pop();
    }

    private double[] slot(int number, SourcePosition where) {
        if (number >= 1 && number <= 33) {
            return localFrames.peek();
        }
        if (number >= 100 && number <= 199) {
            return common;
        }
        if (number >= 500 && number <= 999) {
            return retained;
        }
        throw new GcodeException(GcodeError.BAD_VARIABLE, where, "#" + number + " does not exist: use #1-#33, #100-#199 or #500-#999");
    }

    private static int index(int number) {
        return number <= 33 ? number - 1 : number <= 199 ? number - 100 : number - 500;
    }

    static double[] vacant(int size) {
        double[] values = new double[size];
        Arrays.fill(values, VACANT);
        return values;
    }
}
