package org.cnctwin.protocol;

/** Quotes user-supplied text for error messages: escaped, and cut short so a log line stays a line. */
final class Quoting {

    private static final int MAX_SHOWN_CHARS = 48;

    private Quoting() {}

    static String quote(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder(Math.min(text.length(), MAX_SHOWN_CHARS) + 8).append('"');
        int shown = Math.min(text.length(), MAX_SHOWN_CHARS);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        quoted.append('"');
        if (text.length() > shown) {
            quoted.append("... (").append(text.length()).append(" chars)");
        }
        return quoted.toString();
    }
}
