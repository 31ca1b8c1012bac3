package org.cnctwin.machine.gcode;

/**
 * An address letter and its value, e.g. {@code } or {@code F#9}.
 *
 * @param column where the letter is on its block's line (1-based); the block knows the file and
 *     line, so a word costs no position object of its own (most blocks never need one)
 */
public record Word(char letter, Expression value, int column) {}
