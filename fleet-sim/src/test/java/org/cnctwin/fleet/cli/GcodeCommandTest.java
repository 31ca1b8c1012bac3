package org.cnctwin.fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code gcode} sub-commands as a user calls them: exit codes, error lines, output formats. */
class GcodeCommandTest {

    @TempDir
    Path folder;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private Path program(String name, String text) throws Exception {
        return Files.writeString(folder.resolve(name), text);
    }

    @Test
    void checkExitsZeroForCleanProgramsAndOneWithALinePerProblem() throws Exception {
        Path clean = program("clean.nc", "G21 G90 G0 X0 Y0\nG1 X10. F100\nM30\n");
        Path bad = program("bad.nc", "G21\nG1 X10.\n");
        Path worse = program("worse.nc", "G0 X1. X2.\n");

        assertThat(run("gcode", "check", clean.toString()).exitCode()).isZero();
        CliRun result = run("gcode", "check", clean.toString(), bad.toString(), worse.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err().lines()).containsExactly(
                bad + ":2:1: error G013: G01 with feed rate 0; program F",
                worse + ":1:8: error G008: X appears twice in one block");
    }

    @Test
    void checkFindsSubprogramsInTheProgramsFolder() throws Exception {
        program("O2000.nc", "O2000\nG91 G1 X1. F100\nM99\n");
        Path main = program("main.nc", "G21\nM98 P2000 L2\nM30\n");

        assertThat(run("gcode", "check", main.toString()).exitCode()).isZero();
        // The error is where the move is: in the subprogram's file.
        assertThat(run("gcode", "check", "--machine", "vmc-3axis", main.toString()).err())
                .startsWith(folder.resolve("O2000.nc") + ":2:1: error G025: X would reach 1.000 mm");
    }

    @Test
    void canonPrintsRs274LinesAndReadsAToolTableInInches() throws Exception {
        Path tools = Files.writeString(folder.resolve("tools.tbl"), "T1 P1 D0.25 Z+1.0 ;end mill\n");
        Path part = program("part.ngc", "G20 G90\nT1 M6\nG43 H1\nG0 X1 Y2 Z0.5\nG1 Z-0.1 F10\nM2\n");

        CliRun result = run("gcode", "canon", "--dialect", "linuxcnc", "--tool-table", tools.toString(), "--tool-table-units", "inch", part.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("N..... CHANGE_TOOL(1)")
                .contains("N..... STRAIGHT_TRAVERSE(1.0000, 2.0000, 0.5000, 0.0000, 0.0000, 0.0000)")
                .contains("N..... SET_FEED_RATE(10.0000)")
                .contains("N..... STRAIGHT_FEED(1.0000, 2.0000, -0.1000, 0.0000, 0.0000, 0.0000)");
    }

    @Test
    void slashBlocksRunUnlessTheBlockDeleteSwitchIsPressed() throws Exception {
        Path part = program("part.ngc", "G21 G90\nG0 X1\n/G0 X2\nG0 X3\nM2\n");
        String skipped = "STRAIGHT_TRAVERSE(2.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000)";

        assertThat(run("gcode", "canon", "--dialect", "linuxcnc", part.toString()).out()).contains(skipped);
        CliRun pressed = run("gcode", "canon", "--dialect", "linuxcnc", "--block-delete", part.toString());
        assertThat(pressed.exitCode()).isZero();
        assertThat(pressed.out()).doesNotContain(skipped).contains("STRAIGHT_TRAVERSE(3.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000)");
    }

    @Test
    void statsPrintsCycleTimeDistancesToolsAndBoundingBoxAsJson() throws Exception {
        Path part = program("part.nc", "G21 G90 T3 M6\nG0 X0 Y0 Z5.\nG1 Z-1. F100\nG1 X50. F500\nG4 P1500\nM30\n");

        CliRun result = run("gcode", "stats", part.toString());

        assertThat(result.exitCode()).isZero();
        JsonNode stats = new ObjectMapper().readTree(result.out());
        assertThat(stats.get("feedDistanceMm").asDouble()).isEqualTo(56.0);
        assertThat(stats.get("dwellTimeS").asDouble()).isEqualTo(1.5);
        assertThat(stats.get("feedTimeS").asDouble()).isEqualTo(9.6); // 6 mm at 100 + 50 mm at 500 mm/min
        assertThat(stats.get("tools").get(0).asInt()).isEqualTo(3);
        assertThat(stats.get("boundingBoxMm").get("max").get(0).asDouble()).isEqualTo(50.0);
    }

    @Test
    void badOptionsAreNamed() throws Exception {
        Path part = program("part.nc", "G0 X1.\n");
        CliRun result = run("gcode", "check", "--dialect", "heidenhain", part.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--dialect: dialect must be fanuc, fanuc-calculator or linuxcnc, was \"heidenhain\"");
    }
}
