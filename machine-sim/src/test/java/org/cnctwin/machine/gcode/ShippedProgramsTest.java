package org.cnctwin.machine.gcode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The part programs the simulator ships run cleanly on the VMC profile and do what their headers say. */
class ShippedProgramsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "O1001-facing.nc      | 1   | 15 | 60",
        "O1002-pocket.nc      | 2   | 60 | 400",
        "O1003-peck-drill.nc  | 4 3 | 60 | 600",
        "O1004-tapping.nc     | 5   | 20 | 200",
        "O1005-contour.nc     | 6   | 15 | 120"})
    void runsOnTheVmcWithinItsLimits(String file, String tools, double minCycleTimeS, double maxCycleTimeS) throws IOException {
        ToolTable table = ToolTable.parseLinuxCnc("tools.tbl", resource("tools.tbl"), 1);
        Interpreter interpreter = Interpreter.builder().machine(MachineProfile.VMC_3_AXIS).tools(table).build();
        ProgramStatistics statistics = new ProgramStatistics(MachineProfile.VMC_3_AXIS);
        interpreter.run(Program.parse(file, resource(file), interpreter.dialect()), statistics);

        List<Integer> expectedTools = java.util.Arrays.stream(tools.trim().split(" ")).map(Integer::valueOf).toList();
        assertThat(statistics.tools()).isEqualTo(Set.copyOf(expectedTools));
        assertThat(statistics.cycleTimeS()).isBetween(minCycleTimeS, maxCycleTimeS);
        assertThat(statistics.feedDistanceMm()).isPositive();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ShippedProgramsTest.class.getResourceAsStream("/programs/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
