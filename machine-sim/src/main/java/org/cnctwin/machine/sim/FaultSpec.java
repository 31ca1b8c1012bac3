package org.cnctwin.machine.sim;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cnctwin.protocol.FaultType;

/**
 * A fault to inject, as written on the command line and in scenario files:
 * {@code TYPE[/SEVERITY]@TIME[:MACHINE]}, e.g. {@code bearing-outer-race-defect/0.8@10m:cnc-003}.
 * TYPE is a {@link FaultType} in any case, with - or _; SEVERITY 0-1 (default 1); TIME simulated
 * time from the start as {@code 90}, {@code 90s}, {@code 15m} or {@code 2h}; without MACHINE every
 * machine gets it.
 *
 * @param machineId null for every machine
 */
public record FaultSpec(FaultType type, double severity, double atS, String machineId) {

    private static final Pattern SYNTAX = Pattern.compile("([A-Za-z_-]+)(?:/([0-9.]+))?@([0-9.]+)([smh]?)(?::([A-Za-z0-9][A-Za-z0-9_-]*))?");

    public static FaultSpec parse(String text) {
        Matcher match = SYNTAX.matcher(text.trim());
        if (!match.matches()) {
            throw new IllegalArgumentException("fault \"" + text + "\": expected TYPE[/SEVERITY]@TIME[:MACHINE], e.g. tool-breakage@90s:cnc-002");
        }
        FaultType type;
        try {
            type = FaultType.valueOf(match.group(1).toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fault \"" + text + "\": unknown type " + match.group(1) + "; expected one of "
                    + java.util.Arrays.stream(FaultType.values()).map(value -> value.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList());
        }
        double severity = match.group(2) == null ? 1 : Double.parseDouble(match.group(2));
        if (!(severity > 0 && severity <= 1)) {
            throw new IllegalArgumentException("fault \"" + text + "\": severity must be in (0, 1], was " + match.group(2));
        }
        return new FaultSpec(type, severity, seconds(match.group(3) + match.group(4), "fault \"" + text + "\""), match.group(5));
    }

    private static final Pattern DURATION = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)([smh]?)");

    /**
     * A span of simulated time: {@code 90} or {@code 90s} seconds, {@code 15m} minutes, {@code 2h} hours.
     *
     * @param what names the input in the error
     */
    public static double seconds(String text, String what) {
        Matcher match = DURATION.matcher(text.trim());
        if (!match.matches()) {
            throw new IllegalArgumentException(what + ": expected a time like 90s, 15m or 2h, was \"" + text + '"');
        }
        double time = Double.parseDouble(match.group(1));
        return switch (match.group(2)) {
            case "m" -> time * 60;
            case "h" -> time * 3600;
            default -> time;
        };
    }

    /**
     * A scenario file: one fault per line in the command-line syntax; blank lines and lines
     * starting with # are skipped.
     */
    public static java.util.List<FaultSpec> parseScenario(String file, String text) {
        java.util.List<FaultSpec> faults = new java.util.ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                faults.add(parse(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ':' + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return faults;
    }

    public boolean appliesTo(String id) {
        return machineId == null || machineId.equals(id);
    }
}
