package org.cnctwin.machine.gcode;

/** Where in a program something is: file name, 1-based line and column. */
public record SourcePosition(String file, int line, int column) {

    @Override
    public String toString() {
        return file + ':' + line + ':' + column;
    }
}
