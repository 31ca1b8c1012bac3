package org.cnctwin.machine.gcode;

/**
 * A word's value or a macro expression, kept as a tree because Custom Macro B variables change
 * while the program runs: {@code X#24}, {@code [#1 + 2] * SIN[30]}.
 */
public sealed interface Expression {

    /**
     * A literal, sign included ({@code -12.5}). It carries no position: a literal cannot fail to
     * evaluate, and the word it belongs to has one.
     *
     * @param hasDecimalPoint FANUC reads {@code X1} as one least input increment, {@code X1.} as 1 mm
     */
    record Number(double value, boolean hasDecimalPoint) implements Expression {}

    /** {@code #index}; the index is itself an expression ({@code #[#1 + 100]}). */
    record Variable(Expression index, SourcePosition position) implements Expression {}

    /** LinuxCNC's named parameter {@code #<name>} (linuxcnc dialect only); names are case-insensitive. */
    record NamedVariable(String name, SourcePosition position) implements Expression {}

    record Negation(Expression operand, SourcePosition position) implements Expression {}

    record Binary(Operator operator, Expression left, Expression right, SourcePosition position) implements Expression {}

    /** @param second the divisor of {@code ATAN[a]/[b]}, otherwise null */
    record Call(Function function, Expression argument, Expression second, SourcePosition position) implements Expression {}

    /** Binary operators by FANUC priority (higher binds tighter), with how each is written. */
    enum Operator {
        EQ(1, "EQ"), NE(1, "NE"), GT(1, "GT"), GE(1, "GE"), LT(1, "LT"), LE(1, "LE"),
        ADD(2, "+"), SUBTRACT(2, "-"), OR(2, "OR"), XOR(2, "XOR"),
        MULTIPLY(3, "*"), DIVIDE(3, "/"), AND(3, "AND"), MOD(3, "MOD");

        static final int LOWEST_PRIORITY = 1;

        final int priority;
        final String token;

        Operator(int priority, String token) {
            this.priority = priority;
            this.token = token;
        }

        boolean isComparison() {
            return priority == 1;
        }
    }

    enum Function {
        SIN, COS, TAN, ASIN, ACOS, ATAN, SQRT, ABS, ROUND, FIX, FUP, LN, EXP
    }
}
