package org.cnctwin.machine.gcode;

/** A Custom Macro B statement: the part of a block that is not machine words. */
public sealed interface Statement {

    /** {@code #100 = [#1 + 2]}; the variable is a {@link Expression.Variable} or a {@link Expression.NamedVariable}. */
    record Assignment(Expression variable, Expression value) implements Statement {}

    /** {@code GOTO n}, or {@code IF [cond] GOTO n} when {@code condition} is not null. */
    record Goto(Expression condition, Expression sequenceNumber) implements Statement {}

    /** {@code IF [cond] THEN #1 = ...} */
    record IfThen(Expression condition, Assignment then) implements Statement {}

    /** {@code WHILE [cond] DO m}; {@code m} pairs it with {@code END m}. */
    record WhileDo(Expression condition, int loopId) implements Statement {}

    /** {@code END m} */
    record End(int loopId) implements Statement {}
}
