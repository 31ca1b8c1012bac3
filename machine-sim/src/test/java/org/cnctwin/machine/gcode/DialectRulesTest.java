package org.cnctwin.machine.gcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.cnctwin.machine.gcode.GcodeTesting.moves;
import static org.cnctwin.machine.gcode.GcodeTesting.run;

import org.junit.jupiter.api.Test;

/**
 * Where FANUC and LinuxCNC run the same words differently: the linuxcnc dialect follows rs274
 * (Rs274ConformanceIT compares whole programs), the fanuc dialects follow the FANUC manuals,
 * and calculator-type input changes only how numbers are read.
 */
class DialectRulesTest {

    @Test
    void aMotionWordAloneMovesNowhereInLinuxcncAndNotAtAllInFanuc() {
        String program = "G21 G90\nG0 X1. Y2.\nG0\nG1 F100.\nG1\nM30";
        assertThat(moves(run(Dialect.LINUXCNC, program))).containsExactly(
                "G0 X1.000 Y2.000 Z0.000", "G0 X1.000 Y2.000 Z0.000", "G1 X1.000 Y2.000 Z0.000", "G1 X1.000 Y2.000 Z0.000");
        assertThat(moves(run(Dialect.FANUC, program))).containsExactly("G0 X1.000 Y2.000 Z0.000");
        assertThatThrownBy(() -> run(Dialect.LINUXCNC, "G21 G90 F100\nG2\nM30"))
                .hasMessageContaining("test.nc:2:1: G010 G02 needs I/J/K in its plane or R");
    }

    @Test
    void aToolLengthChangeShiftsTheProgrammedZInLinuxcncAndMovesTheMachineInFanuc() {
        String program = "G21 G90\nG0 Z10.\nG43 H1\nG0 X5.\nM30";
        ToolTable tools = new ToolTable();
        tools.put(1, new ToolTable.Entry(25, 0));
        assertThat(moves(run(Interpreter.builder().dialect(Dialect.LINUXCNC).tools(tools), program)))
                .containsExactly("G0 X0.000 Y0.000 Z10.000", "G0 X5.000 Y0.000 Z-15.000");
        assertThat(moves(run(Interpreter.builder().dialect(Dialect.FANUC).tools(tools), program)))
                .containsExactly("G0 X0.000 Y0.000 Z10.000", "G0 X5.000 Y0.000 Z10.000");
        // rs274 reads its position back after a tool change, so G43 in the M6 block does not shift it.
        assertThat(moves(run(Interpreter.builder().dialect(Dialect.LINUXCNC).tools(tools),
                "G21 G90\nG0 Z10.\nT1 M6 G43 H1\nG0 X5.\nM30"))).endsWith("G0 X5.000 Y0.000 Z10.000");
    }

    @Test
    void linuxcncG85RapidsToTheReturnLevelEvenWhenItIsR() {
        String program = "G21 G90\nG0 X0 Y0 Z3.\nF100.\nG99 G85 X10. Z-4. R3.\nG80\nM30";
        assertThat(moves(run(Dialect.LINUXCNC, program))).containsExactly(
                "G0 X0.000 Y0.000 Z3.000", "G0 X10.000 Y0.000 Z3.000", "G1 X10.000 Y0.000 Z-4.000", "G1 X10.000 Y0.000 Z3.000",
                "G0 X10.000 Y0.000 Z3.000");
        assertThat(moves(run(Dialect.FANUC, program))).containsExactly(
                "G0 X0.000 Y0.000 Z3.000", "G0 X10.000 Y0.000 Z3.000", "G1 X10.000 Y0.000 Z-4.000", "G1 X10.000 Y0.000 Z3.000");
    }

    @Test
    void linuxcncDwellingCyclesNeedPWhenFirstProgrammed() {
        String program = "G21 G90\nG0 X0 Y0 Z3.\nF100.\nG98 G86 X10. Z-4. R3.\nG80\nM30";
        assertThatThrownBy(() -> run(Dialect.LINUXCNC, program))
                .hasMessageContaining("test.nc:4:1: G015 G86 needs P<dwell seconds> when it is first programmed");
        assertThat(moves(run(Dialect.FANUC, program))).hasSize(4);
        // P stays in force for the next holes of the series.
        assertThat(moves(run(Dialect.LINUXCNC, "G21 G90\nG0 X0 Y0 Z3.\nF100.\nG98 G86 X10. Z-4. R3. P0.5\nX20.\nG80\nM30"))).hasSize(7);
    }

    @Test
    void linuxcncRefusesItsOwnG76AndG87WhichAreOtherCycles() {
        assertThatThrownBy(() -> run(Dialect.LINUXCNC, "G21 G90 F100\nG76 X1 Z-2 R1 Q0.5"))
                .hasMessageContaining("test.nc:2:1: G005 G76 in LinuxCNC is lathe threading, which is not supported");
        assertThatThrownBy(() -> run(Dialect.LINUXCNC, "G21 G90 F100\nG0 Z5\nG87 X1 Z-2 R1"))
                .hasMessageContaining("test.nc:3:1: G005 G87 in LinuxCNC is back boring with I/J/K");
        assertThat(moves(run(Dialect.FANUC, "G21 G90 F100.\nG0 Z5.\nG76 X1. Z-2. R1. Q0.5"))).isNotEmpty();
    }

    @Test
    void calculatorTypeInputStillRunsFanucCycles() {
        // FANUC's G89 feeds out to R and rapids to the initial level; LinuxCNC's feeds all the way.
        String program = "G21 G90\nG0 X0 Y0 Z10.\nF100.\nG98 G89 X10. Z-4. R3. P500\nG80\nM30";
        assertThat(moves(run(Dialect.FANUC_CALCULATOR_INPUT, program))).isEqualTo(moves(run(Dialect.FANUC, program)))
                .endsWith("G1 X10.000 Y0.000 Z3.000", "G0 X10.000 Y0.000 Z10.000");
    }

    @Test
    void withoutDFanucKeepsTheLastRegisterAndLinuxcncTakesTheToolInTheSpindle() {
        ToolTable tools = new ToolTable();
        tools.put(1, new ToolTable.Entry(0, 1));
        tools.put(2, new ToolTable.Entry(0, 2));
        String program = "G21 G90 G17\nT1 M6\nG0 X0 Y-10.\nG41 D1 G1 Y0 F100.\nG1 Y10.\nG40 G1 X0 Y20.\n"
                + "T2 M6\nG0 X0 Y-10.\nG41 G1 Y0\nG1 Y10.\nG40 G1 X0 Y20.\nM30";
        assertThat(moves(run(Interpreter.builder().dialect(Dialect.FANUC).tools(tools.copy()), program)))
                .contains("G1 X-1.000 Y10.000 Z0.000").doesNotContain("G1 X-2.000 Y10.000 Z0.000");
        assertThat(moves(run(Interpreter.builder().dialect(Dialect.LINUXCNC).tools(tools.copy()), program.replace(".", ""))))
                .contains("G1 X-1.000 Y10.000 Z0.000", "G1 X-2.000 Y10.000 Z0.000");
    }

    @Test
    void linuxcncEntersCompensationOnAnArcAndFanucRefuses() {
        // From the centre of a 10 mm circle, a 1 mm tool enters on a half circle to the offset point of (10, 0).
        ToolTable tools = new ToolTable();
        tools.put(1, new ToolTable.Entry(0, 1));
        String program = "G21 G90 G17\nT1 M6\nG0 X0 Y0\nG41 G3 X10 Y0 I5 J0 F100\nG3 I-10 J0\nG40 G0 X0 Y0\nM2";
        var operations = run(Interpreter.builder().dialect(Dialect.LINUXCNC).tools(tools), program);
        CanonicalOperation.ArcFeed entry = operations.stream().filter(CanonicalOperation.ArcFeed.class::isInstance)
                .map(CanonicalOperation.ArcFeed.class::cast).findFirst().orElseThrow();
        assertThat(entry.state().workPosition().x()).isEqualTo(9.0); // inside the circle: one radius towards its centre
        assertThat(entry.center().x()).isEqualTo(4.5);               // equidistant from the start (0, 0) and the end (9, 0)
        assertThatThrownBy(() -> run(Interpreter.builder().dialect(Dialect.FANUC).tools(tools), program.replace("X10", "X10.").replace("I5", "I5.")))
                .hasMessageContaining("G031 cutter compensation must start on a straight move, not an arc");
    }
}
