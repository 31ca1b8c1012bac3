package org.cnctwin.machine.gcode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Interprets programs with our interpreter in the {@code linuxcnc} dialect and with LinuxCNC's
 * own {@code rs274}, and requires the same motion: the same traverse, feed, arc and dwell calls,
 * every number within 1e-4. Zero-length traverses are left out on both sides (see
 * {@link Rs274Peer#motions}); docs/gcode.md lists the accepted differences.
 */
class Rs274ConformanceIT {

    static final double TOLERANCE = 1e-4 + 1e-9;
    static final String TOOL_TABLE = "T1 P1 D0.125 Z+0.5 ;eighth-inch end mill\nT2 P2 D0.25 Z+1.0 ;drill\n"
            + "T3 P3 D0.1875 Z+0.75\nT4 P4 D0.5 Z+1.5 ;half-inch end mill\n";

    @TempDir
    static Path scratch;

    /** The LinuxCNC samples that use only what both interpreters support, then programs of our own. */
    static Stream<Arguments> programs() throws IOException, InterruptedException {
        Rs274Peer.binary();
        Stream<Path> samples = Stream.of("cds", "tort", "3dtest", "skeleton", "b-index", "plasmatest", "arcspiral", "3D_Chips",
                        "comp", "comp-g1", "comp311")
                .map(name -> Rs274Peer.SAMPLES.resolve(name + ".ngc"));
        Stream<Path> ours = Stream.of("cycles-xy", "cycles-planes", "arcs-planes", "offsets", "compensation")
                .map(name -> Path.of("src/test/resources/gcode/conformance", name + ".ngc"));
        return Stream.concat(samples, ours).map(path -> Arguments.of(path.getFileName().toString(), path));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void sameMotionAsRs274(String name, Path program) throws IOException, InterruptedException {
        Path toolTable = scratch.resolve("tools.tbl");
        Files.writeString(toolTable, TOOL_TABLE);
        List<Rs274Peer.Motion> expected = Rs274Peer.motions(Rs274Peer.run(program.toAbsolutePath(), toolTable));

        StringBuilder canon = new StringBuilder();
        Interpreter.builder().dialect(Dialect.LINUXCNC)
                .tools(ToolTable.parseLinuxCnc("tools.tbl", TOOL_TABLE, 25.4)) // rs274 reads the table as inches
                .build()
                .run(Program.parse(program.toString(), Files.readString(program, StandardCharsets.UTF_8), Dialect.LINUXCNC), new Rs274Printer(canon));
        List<Rs274Peer.Motion> actual = Rs274Peer.motions(canon.toString());

        assertThat(expected).as("rs274 produced motion").isNotEmpty();
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            Rs274Peer.Motion want = expected.get(i);
            Rs274Peer.Motion got = actual.get(i);
            assertThat(got.name()).as("motion %d of %s: %s vs rs274 %s", i + 1, name, got, want).isEqualTo(want.name());
            assertThat(got.numbers()).as("motion %d of %s: %s vs rs274 %s", i + 1, name, got, want).hasSameSizeAs(want.numbers());
            for (int n = 0; n < want.numbers().length; n++) {
                assertThat(Math.abs(got.numbers()[n] - want.numbers()[n])).as("motion %d of %s, number %d: %s vs rs274 %s", i + 1, name, n + 1, got, want)
                        .isLessThanOrEqualTo(TOLERANCE);
            }
        }
        assertThat(actual).as("number of motions of %s", name).hasSameSizeAs(expected);
    }
}
