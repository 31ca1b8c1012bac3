package org.cnctwin.machine.gcode;

/**
 * A program error, reported as {@code file:line:column: G0xx message} so editors and CI logs can
 * jump to it. The only exception the parser and interpreter let escape for a program's fault.
 */
public final class GcodeException extends RuntimeException {

    private final GcodeError error;
    private final SourcePosition position;
    private final String detail;

    public GcodeException(GcodeError error, SourcePosition position, String detail) {
        super(position + ": " + error.code() + ' ' + detail, null, false, false);
        this.error = error;
        this.position = position;
        this.detail = detail;
    }

    public GcodeError error() {
        return error;
    }

    public SourcePosition position() {
        return position;
    }

    public String detail() {
        return detail;
    }
}
