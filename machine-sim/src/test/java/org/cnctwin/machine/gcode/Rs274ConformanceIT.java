package org.cnctwin.machine.gcode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interprets programs with our interpreter in the {@code linuxcnc} dialect and with LinuxCNC's
 * own {@code rs274}, and requires the same motion: the same traverse, feed, arc and dwell calls,
 * zero-length moves included, every number within 1e-4. The LinuxCNC samples are every program
 * the Debian package ships that the dialect runs; docs/gcode.md lists what the others use.
 */
class Rs274ConformanceIT {

    static final double TOLERANCE = 1e-4 + 1e-9;
    static final String TOOL_TABLE = "T1 P1 D0.125 Z+0.5 ;eighth-inch end mill\nT2 P2 D0.25 Z+1.0 ;drill\n"
            + "T3 P3 D0.1875 Z+0.75\nT4 P4 D0.5 Z+1.5 ;half-inch end mill\n";
    /** The shipped samples (under ncfiles/, without .ngc) that the dialect runs and that move. */
    static final List<String> SAMPLES = List.of("3D_Chips", "3dtest", "arcspiral", "b-index", "cds", "comp", "comp-g1", "comp311", "comp311_2",
            "gmoccapy_2_tools_with_cutter_radius_compensation", "plasmatest", "skeleton", "tort");
    static final List<String> OURS = List.of("cycles-xy", "cycles-planes", "cycles-retract", "arcs-planes", "offsets", "tool-length",
            "compensation", "compensation-arc-entry", "motion-alone", "block-delete");

    @TempDir
    static Path scratch;

    /** Motion lines per program: rs274's, and how many of ours agree with them. */
    private static final Map<String, int[]> AGREEMENT = new TreeMap<>();

    static Stream<Arguments> programs() throws IOException, InterruptedException {
        Rs274Peer.binary();
        Stream<Path> samples = SAMPLES.stream().map(name -> Rs274Peer.SAMPLES.resolve(name + ".ngc"));
        Stream<Path> ours = OURS.stream().map(name -> Path.of("src/test/resources/gcode/conformance", name + ".ngc"));
        return Stream.concat(samples, ours).map(path -> Arguments.of(path.getFileName().toString(), path));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void sameMotionAsRs274(String name, Path program) throws IOException, InterruptedException {
        Path toolTable = scratch.resolve("tools.tbl");
        Files.writeString(toolTable, TOOL_TABLE);
        List<Rs274Peer.Motion> expected = Rs274Peer.motions(Rs274Peer.run(program.toAbsolutePath(), toolTable));
        List<Rs274Peer.Motion> actual = ourMotions(program);

        assertThat(expected).as("rs274 produced motion").isNotEmpty();
        int agreeing = 0;
        String firstDifference = null;
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            String difference = difference(expected.get(i), actual.get(i));
            if (difference == null) {
                agreeing++;
            } else if (firstDifference == null) {
                firstDifference = "motion " + (i + 1) + " of " + name + ": " + difference;
            }
        }
        AGREEMENT.put(name, new int[] {expected.size(), agreeing});
        assertThat(firstDifference).as("first difference from rs274").isNull();
        assertThat(actual).as("number of motions of %s", name).hasSameSizeAs(expected);
    }

    /** Guards the list above: a program the dialect newly refuses, or newly runs, shows here. */
    @Test
    void theSamplesAreEveryShippedProgramTheDialectRuns() throws IOException, InterruptedException {
        Rs274Peer.binary();
        TreeSet<String> running = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Rs274Peer.SAMPLES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".ngc")).sorted().toList()) {
                try {
                    if (!ourMotions(file).isEmpty()) {
                        running.add(Rs274Peer.SAMPLES.relativize(file).toString().replaceAll("\\.ngc$", ""));
                    }
                } catch (GcodeException refused) {
                    System.out.println("not compared: " + Rs274Peer.SAMPLES.relativize(file) + ": " + refused.getMessage());
                }
            }
        }
        assertThat(running).containsExactlyInAnyOrderElementsOf(SAMPLES);
    }

    @AfterAll
    static void printAgreement() {
        int lines = AGREEMENT.values().stream().mapToInt(counts -> counts[0]).sum();
        int agreeing = AGREEMENT.values().stream().mapToInt(counts -> counts[1]).sum();
        if (lines > 0) {
            System.out.printf("rs274 agreement: %d of %d motion lines (%.2f %%) over %d programs%n", agreeing, lines, 100.0 * agreeing / lines,
                    AGREEMENT.size());
        }
    }

    private static List<Rs274Peer.Motion> ourMotions(Path program) throws IOException {
        StringBuilder canon = new StringBuilder();
        Interpreter.builder().dialect(Dialect.LINUXCNC)
                .tools(ToolTable.parseLinuxCnc("tools.tbl", TOOL_TABLE, 25.4)) // rs274 reads the table as inches
                .build()
                .run(Program.parse(program.toString(), Files.readString(program, StandardCharsets.UTF_8), Dialect.LINUXCNC), new Rs274Printer(canon));
        return Rs274Peer.motions(canon.toString());
    }

    /** @return null when the two lines agree, else what differs */
    private static String difference(Rs274Peer.Motion want, Rs274Peer.Motion got) {
        if (!got.name().equals(want.name()) || got.numbers().length != want.numbers().length) {
            return got + " vs rs274 " + want;
        }
        for (int n = 0; n < want.numbers().length; n++) {
            if (Math.abs(got.numbers()[n] - want.numbers()[n]) > TOLERANCE) {
                return "number " + (n + 1) + ": " + got + " vs rs274 " + want;
            }
        }
        return null;
    }
}
