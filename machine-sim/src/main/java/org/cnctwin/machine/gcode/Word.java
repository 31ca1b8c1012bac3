package org.cnctwin.machine.gcode;

/** An address letter and its value, e.g. {@code } or {@code F#9}. */
public record Word(char letter, Expression value, SourcePosition position) {}
