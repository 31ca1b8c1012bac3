package org.cnctwin.machine.gcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cnctwin.machine.gcode.GcodeTesting.moves;
import static org.cnctwin.machine.gcode.GcodeTesting.run;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed toolpaths for what LinuxCNC's rs274 cannot judge: FANUC's number and dwell
 * rules, K repeats, M98/M99, Custom Macro B and G65.
 */
class InterpreterTest {

    @Test
    void fanucCountsLeastInputIncrementsWithoutADecimalPoint() {
        assertThat(moves(run(Dialect.FANUC, "G21 G90\nG0 X1 Y2. Z-500\nG20\nG0 X1 Y1."))).containsExactly(
                "G0 X0.001 Y2.000 Z-0.500",
                "G0 X0.003 Y25.400 Z-0.500"); // 0.0001 in = 0.00254 mm, shown rounded
    }

    @Test
    void calculatorTypeInputReadsWholeUnits() {
        assertThat(moves(run(Dialect.FANUC_CALCULATOR_INPUT, "G21 G90 G0 X1 Y2.5"))).containsExactly("G0 X1.000 Y2.500 Z0.000");
    }

    @Test
    void fanucDwellPIsMillisecondsAndXIsSeconds() {
        List<CanonicalOperation> operations = run(Dialect.FANUC, "G4 P1500\nG4 X2.5\nG4 X2");
        assertThat(operations).map(op -> ((CanonicalOperation.Dwell) op).seconds()).containsExactly(1.5, 2.5, 0.002);
        assertThatThrownBy(() -> run(Dialect.FANUC, "G4 P1.5")).hasMessageContaining("G004 G04 P is in milliseconds");
        assertThat(run(Dialect.LINUXCNC, "G4 P1.5")).map(op -> ((CanonicalOperation.Dwell) op).seconds()).containsExactly(1.5);
    }

    @Test
    void canTheCycleRepeatWithKInIncrementalMode() {
        // From Z10: R is 2 below the initial level (Z8), the bottom 5 below R (Z3); three holes 10 apart.
        List<String> moves = moves(run(Dialect.FANUC, "G21 G90 G0 X0 Y0 Z10.\nG91 G99 G81 X10. Z-5. R-2. K3 F100"));
        assertThat(moves).containsExactly(
                "G0 X0.000 Y0.000 Z10.000",
                "G0 X10.000 Y0.000 Z10.000", "G0 X10.000 Y0.000 Z8.000", "G1 X10.000 Y0.000 Z3.000", "G0 X10.000 Y0.000 Z8.000",
                "G0 X20.000 Y0.000 Z8.000", "G1 X20.000 Y0.000 Z3.000", "G0 X20.000 Y0.000 Z8.000",
                "G0 X30.000 Y0.000 Z8.000", "G1 X30.000 Y0.000 Z3.000", "G0 X30.000 Y0.000 Z8.000");
    }

    @Test
    void peckDrillingLeavesTheHoleToRBetweenPecks() {
        // G83 from R2 to Z-7 in pecks of 3: feed to -1, out to R, back to -1 + d, feed to -4, ...
        List<String> moves = moves(run(Dialect.FANUC, "G21 G90 G0 X0 Y0 Z10.\nG98 G83 X5. Y5. Z-7. R2. Q3. F100"));
        assertThat(moves).containsExactly(
                "G0 X0.000 Y0.000 Z10.000",
                "G0 X5.000 Y5.000 Z10.000", "G0 X5.000 Y5.000 Z2.000",
                "G1 X5.000 Y5.000 Z-1.000", "G0 X5.000 Y5.000 Z2.000", "G0 X5.000 Y5.000 Z0.000",
                "G1 X5.000 Y5.000 Z-4.000", "G0 X5.000 Y5.000 Z2.000", "G0 X5.000 Y5.000 Z-3.000",
                "G1 X5.000 Y5.000 Z-7.000", "G0 X5.000 Y5.000 Z10.000");
    }

    @Test
    void tappingReversesTheSpindleAtTheBottom() {
        List<CanonicalOperation> operations = run(Dialect.FANUC, "G21 G90 S500 M3\nG0 X0 Y0 Z10.\nG99 G84 X5. Y5. Z-8. R3. F625");
        assertThat(operations).filteredOn(op -> op instanceof CanonicalOperation.SpindleChange)
                .map(op -> op.state().spindleDirection()).containsExactly(1, -1, 1);
        assertThat(moves(operations)).endsWith("G1 X5.000 Y5.000 Z-8.000", "G1 X5.000 Y5.000 Z3.000");
    }

    @Test
    void backBoringGoesDownShiftedAndCutsUpwards() {
        // Initial level Z10; the bore runs from R-20 up to Z-12 with a 0.5 mm shift along X.
        List<CanonicalOperation> operations = run(Dialect.FANUC, "G21 G90 S300 M3\nG0 X0 Y0 Z10.\nG87 X20. Y5. Z-12. R-20. Q0.5 F80");
        assertThat(moves(operations)).containsExactly(
                "G0 X0.000 Y0.000 Z10.000",
                "G0 X20.000 Y5.000 Z10.000", "G0 X19.500 Y5.000 Z10.000", "G0 X19.500 Y5.000 Z-20.000", "G0 X20.000 Y5.000 Z-20.000",
                "G1 X20.000 Y5.000 Z-12.000",
                "G0 X19.500 Y5.000 Z-12.000", "G0 X19.500 Y5.000 Z10.000", "G0 X20.000 Y5.000 Z10.000");
        assertThat(operations).filteredOn(op -> op instanceof CanonicalOperation.SpindleChange)
                .map(op -> op.state().spindleDirection()).containsExactly(1, 0, 1, 0, 1);
    }

    @Test
    void subprogramsRepeatAndReturn() {
        String program = String.join("\n",
                "O0001", "G21 G90 G0 X0 Y0 Z0", "M98 P1000 L2", "M98 P21000", "G90 G0 X0", "M30",
                "O1000", "G91 G0 X10.", "M99");
        assertThat(moves(run(Dialect.FANUC, program))).containsExactly(
                "G0 X0.000 Y0.000 Z0.000", "G0 X10.000 Y0.000 Z0.000", "G0 X20.000 Y0.000 Z0.000",
                "G0 X30.000 Y0.000 Z0.000", "G0 X40.000 Y0.000 Z0.000", "G0 X0.000 Y0.000 Z0.000");
    }

    @Test
    void subprogramsComeFromTheLibraryWhenNotInTheFile() {
        ProgramLibrary library = GcodeTesting.library(Dialect.FANUC, Map.of(2000, "O2000\nG91 G1 Y5. F100\nM99"));
        assertThat(moves(run(Interpreter.builder().library(library), "G21 G0 X0 Y0\nM98 P2000 L3\nM30")))
                .containsExactly("G0 X0.000 Y0.000 Z0.000", "G1 X0.000 Y5.000 Z0.000", "G1 X0.000 Y10.000 Z0.000", "G1 X0.000 Y15.000 Z0.000");
    }

    @Test
    void macroWhileLoopDrillsABoltCircle() {
        String program = String.join("\n",
                "G21 G90 G0 Z10.",
                "#100 = 0",
                "WHILE [#100 LT 4] DO1",
                "#101 = 50 * COS[#100 * 90]",
                "#102 = 50 * SIN[#100 * 90]",
                "G0 X#101 Y#102",
                "#100 = #100 + 1",
                "END1",
                "M30");
        assertThat(moves(run(Dialect.FANUC, program))).containsExactly(
                "G0 X0.000 Y0.000 Z10.000", "G0 X50.000 Y0.000 Z10.000", "G0 X0.000 Y50.000 Z10.000",
                "G0 X-50.000 Y0.000 Z10.000", "G0 X-0.000 Y-50.000 Z10.000");
    }

    @Test
    void ifGotoAndIfThenSteerTheProgram() {
        String program = String.join("\n",
                "#1 = 3",
                "IF [#1 GT 2] THEN #2 = 7",
                "IF [#2 EQ 7] GOTO 20",
                "G0 X99.",
                "N20 G0 X#2",
                "M30");
        assertThat(moves(run(Dialect.FANUC, program))).containsExactly("G0 X7.000 Y0.000 Z0.000");
    }

    @Test
    void vacantVariablesOmitTheirAddressAndDifferFromZero() {
        String program = "#1 = 0\nIF [#100 EQ #1] GOTO 10\nG0 X5. Y#100\nN10 M30";
        assertThat(moves(run(Dialect.FANUC, program))).containsExactly("G0 X5.000 Y0.000 Z0.000");
    }

    @Test
    void g65PassesArgumentsAsLocalVariablesAndRestoresTheCallers() {
        String program = String.join("\n",
                "#1 = 11",
                "G65 P9010 A3. B2.5 X1",
                "G0 Z#1",
                "M30",
                "O9010",
                "G0 X[#1 * #2] Y#24",
                "M99");
        // A→#1=3, B→#2=2.5, X→#24 is the value as written (1, not one increment); after return #1 is 11 again.
        assertThat(moves(run(Dialect.FANUC, program))).containsExactly("G0 X7.500 Y1.000 Z0.000", "G0 X7.500 Y1.000 Z11.000");
    }

    @Test
    void m99InTheMainProgramRunsItAgainUntilTheBudgetSaysSo() {
        assertThatThrownBy(() -> run(Interpreter.builder().blockBudget(50), "G91 G0 X1.\nM99"))
                .isInstanceOfSatisfying(GcodeException.class, e -> {
                    assertThat(e.error()).isEqualTo(GcodeError.BLOCK_BUDGET_EXCEEDED);
                    assertThat(e.detail()).contains("the loop jumping back at test.nc:2:1");
                });
    }

    @Test
    void workOffsetsShiftTheProgramAndKeepTheMachineStill() {
        List<CanonicalOperation> operations = run(Dialect.FANUC, "G21 G90\nG10 L2 P2 X100. Y50. Z-20.\nG0 X0 Y0 Z0\nG55 G0 X0 Y0\nG54.1 P1 G0 X0");
        assertThat(operations).map(op -> op.state().machinePosition().x()).containsExactly(0.0, 100.0, 0.0);
        assertThat(operations.get(1).state().workCoordinateSystem()).isEqualTo(2);
        assertThat(operations.get(2).state().workCoordinateSystem()).isEqualTo(7);
    }

    @Test
    void toolLengthOffsetMovesTheMachineNotTheProgrammedPoint() {
        ToolTable tools = new ToolTable();
        tools.put(3, new ToolTable.Entry(120.0, 5.0));
        List<CanonicalOperation> operations = run(Interpreter.builder().tools(tools), "G21 G90 T3 M6\nG43 H3 G0 Z10.\nG49 G0 Z10.");
        assertThat(operations.get(0)).isInstanceOfSatisfying(CanonicalOperation.ToolChange.class,
                change -> assertThat(change.toToolNumber()).isEqualTo(3));
        assertThat(operations.get(1).state().workPosition().z()).isEqualTo(10.0);
        assertThat(operations.get(1).state().machinePosition().z()).isEqualTo(130.0);
        assertThat(operations.get(2).state().machinePosition().z()).isEqualTo(10.0);
    }

    @Test
    void g28GoesThroughTheIntermediatePointToTheReferencePosition() {
        assertThat(moves(run(Dialect.FANUC, "G21 G90 G0 X10. Y10. Z10.\nG91 G28 Z5.\nG90 G28 X20. Y20."))).containsExactly(
                "G0 X10.000 Y10.000 Z10.000", "G0 X10.000 Y10.000 Z15.000", "G0 X10.000 Y10.000 Z0.000",
                "G0 X20.000 Y20.000 Z0.000", "G0 X0.000 Y0.000 Z0.000");
    }

    @Test
    void anArcMayNotBulgeBeyondTheTravelBetweenEndsWithin() {
        // vmc-3axis: X travels -1000 to 0. Both arcs run from (-5, -240) to (-5, -260) around (-5, -250):
        // clockwise they pass X+5 (the +X extreme), counterclockwise X-15.
        Interpreter.Builder vmc = Interpreter.builder().dialect(Dialect.LINUXCNC).machine(MachineProfile.VMC_3_AXIS);
        String start = "G21 G17 G90 G0 X-5. Y-240. Z-10.\n";
        assertThatThrownBy(() -> run(vmc, start + "G2 X-5. Y-260. I0 J-10. F100."))
                .hasMessageContaining("test.nc:2:1: G025 X would reach 5.000 mm in machine coordinates");
        assertThat(moves(run(vmc, start + "G3 X-5. Y-260. I0 J-10. F100."))).endsWith("G3 X-5.000 Y-260.000 Z-10.000");
        // A full circle from its -X extreme reaches the +X one: 10 to the right of -9.
        assertThatThrownBy(() -> run(vmc, "G0 X-9. Y-240. Z-10.\nG2 I5. J0 F100.")).hasMessageContaining("X would reach 1.000 mm");
        assertThat(run(vmc, "G0 X-11. Y-240. Z-10.\nG2 I5. J0 F100.")).hasSize(2);
    }

    @Test
    void blockDeleteSkipsSlashBlocksOnlyWhileTheSwitchIsOn() {
        String program = "G0 X1.\n/G0 X2.\nG0 X3.";
        assertThat(moves(run(Interpreter.builder().blockDelete(true), program))).containsExactly("G0 X1.000 Y0.000 Z0.000", "G0 X3.000 Y0.000 Z0.000");
        assertThat(moves(run(Dialect.FANUC, program))).as("switch off by default").hasSize(3);
        assertThat(moves(run(Dialect.LINUXCNC, program.replace(".", "")))).as("switch off by default").hasSize(3);
    }

    @Test
    void mistAndFloodTogetherAndOffWithM09() {
        List<CanonicalOperation> operations = run(Dialect.FANUC, "M7 M8\nM9");
        assertThat(operations).map(op -> op.state().mistCoolant() + "/" + op.state().floodCoolant()).containsExactly("true/true", "false/false");
    }

    @Test
    void statisticsAddUpTimeDistanceAndTools() {
        ProgramStatistics statistics = new ProgramStatistics(MachineProfile.VMC_3_AXIS);
        run(Interpreter.builder().machine(MachineProfile.VMC_3_AXIS), "G21 G90 T1 M6\nG0 X-100. Y-100. Z-10.\nG1 X-200. F1000\nG4 P2000\nG2 X-300. I-50. F500\nM30")
                .forEach(statistics);
        assertThat(statistics.tools()).containsExactly(1);
        assertThat(statistics.feedDistanceMm()).isCloseTo(100 + Math.PI * 50, org.assertj.core.data.Offset.offset(1e-9));
        double expectedS = 100 / 1000.0 * 60 + Math.PI * 50 / 500 * 60 + 2 + 2.5 + Math.sqrt(3 * 100 * 100 - 2 * 100 * 100 + 10 * 10 + 100 * 100) / 36000 * 60;
        assertThat(statistics.cycleTimeS()).isCloseTo(expectedS, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(statistics.boundingBoxMm()).containsExactly(-300, -100, -10, 0, 0, 0);
    }
}
