package org.cnctwin.twin.http;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;

/** Reading a query parameter as what the operation expects, or saying which one is wrong and why. */
final class QueryParameters {

    private QueryParameters() {}

    /** A query parameter that is not what the operation expects. */
    static final class BadParameter extends IllegalArgumentException {
        final String parameter;

        BadParameter(String parameter, String reason) {
            super(parameter + ": " + reason);
            this.parameter = parameter;
        }
    }

    static int integer(String name, Optional<String> text, int fallback, int min, int max) {
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value < min || value > max) {
                throw new BadParameter(name, "expected " + min + " to " + max + ", was " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadParameter(name, "expected a whole number, was \"" + text.get() + '"');
        }
    }

    static Instant instant(String name, Optional<String> text, Instant fallback) {
        try {
            return text.map(Instant::parse).orElse(fallback);
        } catch (DateTimeParseException e) {
            throw new BadParameter(name, "expected an ISO 8601 instant such as 2026-11-25T13:00:00Z, was \"" + text.get() + '"');
        }
    }

    static <E extends Enum<E>> Optional<E> enumValue(String name, Optional<String> text, Class<E> type) {
        try {
            return text.map(value -> Enum.valueOf(type, value));
        } catch (IllegalArgumentException e) {
            throw new BadParameter(name, "expected one of " + Arrays.toString(type.getEnumConstants()) + ", was \"" + text.get() + '"');
        }
    }
}
