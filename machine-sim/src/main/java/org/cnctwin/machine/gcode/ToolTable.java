package org.cnctwin.machine.gcode;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tool length and radius offsets by number: H n and D n read entry n, T n M06 loads tool n.
 * Reads LinuxCNC's {@code .tbl} format ({@code T1 P1 D0.125 Z+0.5 ;comment}) so one file drives
 * both this interpreter and {@code rs274}. Values in millimetres; G10 L10-L13 writes them.
 */
public final class ToolTable {

    /** Geometry and wear are kept apart, as on the control (G10 L10/L11 and L12/L13 write them). */
    public record Entry(double lengthMm, double radiusMm, double lengthWearMm, double radiusWearMm) {

        public Entry(double lengthMm, double radiusMm) {
            this(lengthMm, radiusMm, 0, 0);
        }

        public double effectiveLengthMm() {
            return lengthMm + lengthWearMm;
        }

        public double effectiveRadiusMm() {
            return radiusMm + radiusWearMm;
        }
    }

    private static final Pattern FIELD = Pattern.compile("([TPDZ])\\s*([+-]?[0-9]*\\.?[0-9]+)", Pattern.CASE_INSENSITIVE);

    private final Map<Integer, Entry> entries = new TreeMap<>();

    public Entry get(int number) {
        return entries.get(number);
    }

    public boolean has(int number) {
        return entries.containsKey(number);
    }

    public void put(int number, Entry entry) {
        entries.put(number, entry);
    }

    /** An independent copy: G10 L10-L13 in one run must not change the next run's table. */
    public ToolTable copy() {
        ToolTable copy = new ToolTable();
        copy.entries.putAll(entries);
        return copy;
    }

    /**
     * @param unitMm the length of the file's unit in mm: 1 for a table in mm, 25.4 for inches
     *     (what rs274 assumes)
     * @throws GcodeException naming the line of a malformed entry
     */
    public static ToolTable parseLinuxCnc(String file, String text, double unitMm) {
        ToolTable table = new ToolTable();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int comment = line.indexOf(';');
            String fields = (comment < 0 ? line : line.substring(0, comment)).trim();
            if (fields.isEmpty()) {
                continue;
            }
            Integer tool = null;
            double length = 0;
            double diameter = 0;
            Matcher field = FIELD.matcher(fields);
            while (field.find()) {
                double value = Double.parseDouble(field.group(2));
                switch (Character.toUpperCase(field.group(1).charAt(0))) {
                    case 'T' -> tool = (int) value;
                    case 'Z' -> length = value * unitMm;
                    case 'D' -> diameter = value * unitMm;
                    default -> { } // P, the pocket, does not matter to the interpreter
                }
            }
            if (tool == null) {
                throw new GcodeException(GcodeError.UNKNOWN_TOOL, new SourcePosition(file, i + 1, 1), "tool table entry without T<number>: " + line.trim());
            }
            table.put(tool, new Entry(length, diameter / 2));
        }
        return table;
    }
}
