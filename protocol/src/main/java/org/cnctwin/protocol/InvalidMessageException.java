package org.cnctwin.protocol;

/**
 * A message that breaks the protocol. {@link #path()} says where (a JSONPath such as
 * {@code $.samples[3].spindleSpeedRpm}, or {@code topic}), {@link #reason()} what was expected
 * and what was found.
 */
public final class InvalidMessageException extends RuntimeException {

    private final String path;
    private final String reason;

    public InvalidMessageException(String path, String reason) {
        super(path + ": " + reason, null, false, false); // an expected outcome: no stack trace to fill
        this.path = path;
        this.reason = reason;
    }

    public String path() {
        return path;
    }

    public String reason() {
        return reason;
    }
}
