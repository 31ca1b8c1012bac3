package org.cnctwin.logging;

import ch.qos.logback.core.PropertyDefinerBase;
import java.util.Locale;

/**
 * Chooses the log format for {@code logback.xml}: {@code LOG_FORMAT} (system property, then
 * environment variable) when set to {@code json} or {@code text}; otherwise text on a terminal
 * and JSON lines everywhere else (containers, CI, files), which is what log shippers read.
 */
public final class LogFormatDefiner extends PropertyDefinerBase {

    static final String SETTING = "LOG_FORMAT";

    @Override
    public String getPropertyValue() {
        return resolve(setting(), System.console() != null);
    }

    static String resolve(String requested, boolean onTerminal) {
        if (requested != null && !requested.isBlank()) {
            String format = requested.trim().toLowerCase(Locale.ROOT);
            if (format.equals("json") || format.equals("text")) {
                return format;
            }
            // Logging is not configured yet, so say it the only way there is.
            System.err.println("LOG_FORMAT must be json or text, was \"" + requested + "\"; using " + (onTerminal ? "text" : "json"));
        }
        return onTerminal ? "text" : "json";
    }

    private static String setting() {
        String property = System.getProperty(SETTING);
        return property != null ? property : System.getenv(SETTING);
    }
}
