package org.cnctwin.machine.gcode;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Feeds arbitrary text to the parser and interpreter: the only exception allowed out is the
 * documented {@link GcodeException}, and no input may hang (the block budget ends every loop
 * with an error naming it). Runs for a bounded time in CI ({@code JAZZER_FUZZ=1}, set by the
 * fuzz execution in machine-sim's pom); without it, only the seed inputs run.
 */
class GcodeFuzzIT {

    private static final String SEED_VOCABULARY = "G0 G1 G2 G3 G4 G17 G18 G19 G20 G21 G28 G43 G53 G54 G54.1 G81 G83 G84 G85 G86 G89 G90 G91 G98 G99 "
            + "M3 M5 M6 M8 M98 M99 X Y Z I J K R P Q F S T H L #1 #100 = [ ] + - * / WHILE DO END IF GOTO THEN EQ LT SIN ATAN SQRT ( ) ; % O N\n";

    @FuzzTest(maxDuration = "60s")
    void fanucProgramsFailOnlyWithGcodeErrors(FuzzedDataProvider data) {
        interpret(Dialect.FANUC, data);
    }

    private static void interpret(Dialect dialect, FuzzedDataProvider data) {
        String text = data.remainingBytes() > 0 && data.consumeBoolean()
                ? words(data) // steer towards programs that get past the parser
                : data.consumeRemainingAsString();
        try {
            Interpreter.builder().dialect(dialect).blockBudget(2_000).build()
                    .run(Program.parse("fuzz.nc", text, dialect), operation -> { });
        } catch (GcodeException expected) {
            // a documented error, with its code and position
        }
    }

    /** Builds text from G-code vocabulary and numbers chosen by the fuzzer. */
    private static String words(FuzzedDataProvider data) {
        String[] vocabulary = SEED_VOCABULARY.split(" ");
        StringBuilder text = new StringBuilder();
        int count = data.consumeInt(1, 200);
        for (int i = 0; i < count && data.remainingBytes() > 0; i++) {
            text.append(data.pickValue(vocabulary));
            if (data.consumeBoolean()) {
                text.append(data.consumeInt(-1000, 1000));
                if (data.consumeBoolean()) {
                    text.append('.').append(data.consumeInt(0, 999));
                }
            }
            text.append(data.consumeBoolean() ? " " : "\n");
        }
        return text.toString();
    }
}
