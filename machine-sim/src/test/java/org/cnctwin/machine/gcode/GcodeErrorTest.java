package org.cnctwin.machine.gcode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One program per error code, with the exact position and message it must produce (docs/gcode.md shows the same). */
class GcodeErrorTest {

    record Example(GcodeError error, String program, String expectedMessage, boolean onVmc) {}

    static final Example[] EXAMPLES = {
        new Example(GcodeError.UNEXPECTED_CHARACTER, "G0 X1. $", "test.nc:1:8: G001 unexpected '$', expected an address letter, '(' or '#'", false),
        new Example(GcodeError.BAD_NUMBER, "G0 X", "test.nc:1:4: G002 address X has no value", false),
        new Example(GcodeError.UNCLOSED_COMMENT, "G0 X1. (rapid over", "test.nc:1:8: G003 comment has no closing ')'", false),
        new Example(GcodeError.INTEGER_REQUIRED, "T1.5 M6", "test.nc:1:1: G004 T takes a whole number, was 1.5", false),
        new Example(GcodeError.UNSUPPORTED_G_CODE, "G7 X1.", "test.nc:1:1: G005 G7 is not supported", false),
        new Example(GcodeError.UNSUPPORTED_M_CODE, "M123", "test.nc:1:1: G006 M123 is not supported", false),
        new Example(GcodeError.MODAL_GROUP_CONFLICT, "G90 G91 X1.", "test.nc:1:5: G007 G91 and G90 are both in the distance (G90 G91) group", false),
        new Example(GcodeError.REPEATED_WORD, "G0 X1. X2.", "test.nc:1:8: G008 X appears twice in one block", false),
        new Example(GcodeError.AXIS_WORDS_WITHOUT_MOTION, "G80 X10.",
                "test.nc:1:5: G009 axis word X but no motion mode is active (G80 cancelled it); program G00, G01, G02, G03 or a canned cycle", false),
        new Example(GcodeError.ARC_CENTER_MISSING, "G2 X10. Y0 F100", "test.nc:1:1: G010 G02 needs I/J/K in its plane or R", false),
        new Example(GcodeError.ARC_R_AND_IJK, "G2 X10. Y0 R5. I5. F100", "test.nc:1:12: G011 G02 with both R and I/J/K: use one", false),
        new Example(GcodeError.ARC_GEOMETRY, "G2 X10. Y0 R2. F100", "test.nc:1:12: G012 R2.0000 is less than half the chord 5.0000", false),
        new Example(GcodeError.FEED_RATE_MISSING, "G1 X10.", "test.nc:1:1: G013 G01 with feed rate 0; program F", false),
        new Example(GcodeError.NEGATIVE_VALUE, "S-100 M3", "test.nc:1:1: G014 S must not be negative, was -100", false),
        new Example(GcodeError.WORD_MISSING, "G4", "test.nc:1:1: G015 G04 needs P<dwell> or X<seconds>", false),
        new Example(GcodeError.CYCLE_R_BELOW_BOTTOM, "G81 X0 Y0 Z5. R-5. F100", "test.nc:1:15: G016 R level -5.0000 is below the hole bottom Z5.0000", false),
        new Example(GcodeError.UNKNOWN_TOOL, "G43 H7", "test.nc:1:5: G017 H7 has no entry in the tool table", false),
        new Example(GcodeError.UNDEFINED_LABEL, "GOTO 99", "test.nc:1:1: G018 GOTO 99: no block N99", false),
        new Example(GcodeError.SUBPROGRAM_NOT_FOUND, "M98 P9999", "test.nc:1:5: G019 O9999 is neither in test.nc nor in the program library", false),
        new Example(GcodeError.NESTING_TOO_DEEP, "O1\nM98 P1\nM99", "test.nc:2:1: G020 calls nested deeper than 4", false),
        new Example(GcodeError.BLOCK_BUDGET_EXCEEDED, "N1 G0 X1.\nGOTO 1",
                "test.nc:1:1: G021 ran more than 1000 blocks; the loop jumping back at test.nc:2:1 does not end", false),
        new Example(GcodeError.BAD_VARIABLE, "#40 = 1", "test.nc:1:1: G022 #40 does not exist: use #1-#33, #100-#199 or #500-#999", false),
        new Example(GcodeError.MATH_DOMAIN, "#1 = 1 / 0", "test.nc:1:8: G023 division by zero", false),
        new Example(GcodeError.UNBALANCED_LOOP, "END 1", "test.nc:1:1: G024 END 1 has no WHILE ... DO 1 open", false),
        new Example(GcodeError.TRAVEL_LIMIT, "G53 G0 X100.",
                "test.nc:1:1: G025 X would reach 100.000 mm in machine coordinates, outside vmc-3axis's travel -1000 to 0", true),
        new Example(GcodeError.SPINDLE_LIMIT, "S20000 M3", "test.nc:1:1: G026 S20000 rpm is more than vmc-3axis's maximum 12000", true),
        new Example(GcodeError.FEED_LIMIT, "G1 X-1. F20000", "test.nc:1:9: G027 F20000 mm/min is more than vmc-3axis's maximum 10000", true),
        new Example(GcodeError.VACANT_VARIABLE, "GOTO #100", "test.nc:1:6: G028 a vacant variable cannot be a GOTO target", false),
        new Example(GcodeError.BAD_EXPRESSION, "#1 = [1 + 2", "test.nc:1:12: G029 expected ']', found the end of the line", false),
        new Example(GcodeError.WORD_NOT_ALLOWED, "G0 X1. Q2.", "test.nc:1:8: G030 Q has no meaning in this block: Q belongs to canned cycles", false),
        new Example(GcodeError.CUTTER_COMPENSATION, "G10 L12 P1 R3.\nG41 D1 G2 X10. Y0 R5. F100",
                "test.nc:2:1: G031 cutter compensation must start on a straight move, not an arc", false),
    };

    static Stream<Arguments> examples() {
        return Stream.of(EXAMPLES).map(example -> Arguments.of(example.error().code() + " " + example.error(), example));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyErrorNamesItsCodePlaceAndReason(String name, Example example) {
        Interpreter.Builder interpreter = Interpreter.builder().blockBudget(1000)
                .machine(example.onVmc() ? MachineProfile.VMC_3_AXIS : MachineProfile.UNLIMITED);

        GcodeException error = catchThrowableOfType(GcodeException.class, () -> GcodeTesting.run(interpreter, example.program()));

        assertThat(error).as("%s must be refused", example.program()).isNotNull();
        assertThat(error.error()).isEqualTo(example.error());
        assertThat(error.getMessage()).isEqualTo(example.expectedMessage());
    }

    @Test
    void everyErrorCodeHasAnExample() {
        Set<GcodeError> covered = EnumSet.noneOf(GcodeError.class);
        for (Example example : EXAMPLES) {
            covered.add(example.error());
        }
        assertThat(covered).containsExactlyInAnyOrder(GcodeError.values());
    }
}
