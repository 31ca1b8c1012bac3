package org.cnctwin.protocol;

import java.util.regex.Pattern;

/**
 * The rule for machine ids. They end up in MQTT topics (no {@code / + #}), URLs, Cassandra keys
 * and Pekko persistence ids (no {@code |}), and are AWS IoT thing names; this is the subset safe
 * in all of them.
 */
public final class MachineIds {

    public static final int MAX_LENGTH = 64;
    public static final String RULE = "1-" + MAX_LENGTH + " characters of A-Z a-z 0-9 _ -, starting with a letter or digit";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0," + (MAX_LENGTH - 1) + "}");

    private MachineIds() {}

    public static boolean isValid(String machineId) {
        return machineId != null && VALID.matcher(machineId).matches();
    }

    /**
     * @param path where the id came from, for the error
     * @return the id, when valid
     * @throws InvalidMessageException naming the path and the rule
     */
    public static String requireValid(String machineId, String path) {
        if (!isValid(machineId)) {
            throw new InvalidMessageException(path, "must be " + RULE + ", was " + Quoting.quote(machineId));
        }
        return machineId;
    }
}
