package org.cnctwin.machine.gcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.cnctwin.machine.gcode.GcodeTesting.moves;
import static org.cnctwin.machine.gcode.GcodeTesting.run;

import org.junit.jupiter.api.Test;

/**
 * Hand-computed tool centre paths for what rs274 cannot judge: FANUC's type C corners (LinuxCNC
 * rounds convex corners with arcs instead; Rs274ConformanceIT covers that) and the refusals.
 */
class CutterCompensationTest {

    /** A 10 mm square, left compensation with a 1 mm radius: entry up the left side, out at the bottom right. */
    static final String SQUARE = String.join("\n",
            "G21 G17 G90 G10 L12 P1 R1.",
            "G0 X0 Y-5.",
            "G41 D1 G1 X0 Y0 F100",
            "G1 Y10.",
            "G1 X10.",
            "G1 Y0",
            "G40 G1 X20. Y-5.",
            "M30");

    @Test
    void fanucExtendsOffsetLinesToTheirIntersectionAtRightAngledOutsideCorners() {
        assertThat(moves(run(Dialect.FANUC, SQUARE))).containsExactly(
                "G0 X0.000 Y-5.000 Z0.000",
                "G1 X-1.000 Y0.000 Z0.000",   // entry ends at its offset, tangent to the next side
                "G1 X-1.000 Y11.000 Z0.000",  // left side, to where it meets the top's offset
                "G1 X11.000 Y11.000 Z0.000",  // top
                "G1 X11.000 Y0.000 Z0.000",   // right side ends at its own offset before G40
                "G1 X20.000 Y-5.000 Z0.000"); // cancel move to the programmed point
    }

    @Test
    void linuxcncGoesRoundOutsideCornersOnAnArcOfTheToolRadius() {
        assertThat(moves(run(Dialect.LINUXCNC, SQUARE.replace("L12 P1 R1.", "L12 P1 R1")))).containsExactly(
                "G0 X0.000 Y-5.000 Z0.000",
                "G1 X-1.000 Y0.000 Z0.000",
                "G1 X-1.000 Y10.000 Z0.000",
                "G2 X0.000 Y11.000 Z0.000",
                "G1 X10.000 Y11.000 Z0.000",
                "G2 X11.000 Y10.000 Z0.000",
                "G1 X11.000 Y0.000 Z0.000",
                "G1 X20.000 Y-5.000 Z0.000");
    }

    @Test
    void fanucTurnsSharpOutsideCornersThroughTwoPointsOneRadiusOut() {
        // Up the Y axis, then down at 45°: a 135° turn. The first side runs on to (-1, 11); the tool
        // crosses to one radius before the second side's offset start, (0, 10 + 2·0.7071).
        String program = String.join("\n", "G21 G90 G10 L12 P1 R1.", "G0 X0 Y-5.", "G41 D1 G1 X0 Y0 F100", "G1 Y10.", "G1 X10. Y0",
                "G40 G1 X20. Y0", "M30");
        assertThat(moves(run(Dialect.FANUC, program))).containsExactly(
                "G0 X0.000 Y-5.000 Z0.000",
                "G1 X-1.000 Y0.000 Z0.000",
                "G1 X-1.000 Y11.000 Z0.000",
                "G1 X0.000 Y11.414 Z0.000",
                "G1 X10.707 Y0.707 Z0.000",
                "G1 X20.000 Y0.000 Z0.000");
    }

    @Test
    void insideCornersAreTrimmedAndAPlungeWaitsForTheCorner() {
        // Right compensation inside a 10 mm pocket: every corner is concave; the plunge after the
        // entry happens where the entry ends.
        String program = String.join("\n", "G21 G90 G10 L12 P1 R1.", "G0 X5. Y5. Z2.", "G42 D1 G1 X0 Y5. F100", "G1 Z-1.", "G1 Y10.",
                "G1 X10.", "G1 Y0", "G40 G1 X5. Y5.", "M30");
        assertThat(moves(run(Dialect.FANUC, program))).containsExactly(
                "G0 X5.000 Y5.000 Z2.000",
                "G1 X1.000 Y6.000 Z2.000",
                "G1 X1.000 Y6.000 Z-1.000",
                "G1 X1.000 Y9.000 Z-1.000",
                "G1 X9.000 Y9.000 Z-1.000",
                "G1 X9.000 Y0.000 Z-1.000",
                "G1 X5.000 Y5.000 Z-1.000");
    }

    @Test
    void anArcTooTightForTheToolIsRefused() {
        String program = "G21 G90 G10 L12 P1 R3.\nG0 X0 Y-5.\nG41 D1 G1 X0 Y0 F100\nG3 X4. Y0 R2.\nG40 G1 X4. Y-5.";
        GcodeException error = catchThrowableOfType(GcodeException.class, () -> run(Dialect.FANUC, program));
        assertThat(error.error()).isEqualTo(GcodeError.CUTTER_COMPENSATION);
        assertThat(error.getMessage()).isEqualTo("test.nc:4:1: G031 the tool radius 3.0000 mm does not fit inside this arc of radius 2.0000 mm");
    }

    @Test
    void switchingSidesNeedsG40First() {
        String program = "G21 G90 G10 L12 P1 R1.\nG41 D1 G1 X10. F100\nG42 G1 Y10.";
        assertThat(catchThrowableOfType(GcodeException.class, () -> run(Dialect.FANUC, program)).getMessage())
                .isEqualTo("test.nc:3:1: G031 switching between G41 and G42 needs G40 first");
    }
}
