package org.cnctwin.machine.gcode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ParserTest {

    private final Parser fanuc = new Parser(Dialect.FANUC);

    @Test
    void numbersReadExactlyAsJavaReadsThem() {
        SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < 50_000; i++) {
            String text = digits(random, random.nextInt(6)) + "." + digits(random, random.nextInt(10));
            if (text.equals(".")) {
                continue;
            }
            Block block = fanuc.parseLine("n.nc", 1, "X" + text);
            assertThat(((Expression.Number) block.words().get(0).value()).value()).as(text).isEqualTo(Double.parseDouble(text));
        }
        assertThat(value("X12345678901234567.5")).isEqualTo(12345678901234567.5); // beyond 15 digits: parseDouble's turn
    }

    @Test
    void remembersWhetherAValueHadADecimalPoint() {
        Block block = fanuc.parseLine("n.nc", 1, "X1 Y1. Z.5 A-2");
        assertThat(block.words()).map(word -> {
            Expression value = word.value() instanceof Expression.Negation negation ? negation.operand() : word.value();
            return ((Expression.Number) value).hasDecimalPoint();
        }).containsExactly(false, true, true, false);
    }

    @Test
    void readsSequenceAndProgramNumbersCommentsAndBlockDelete() {
        Block block = fanuc.parseLine("n.nc", 3, "/N0120 G01 X5. (finish pass) F200");
        assertThat(block.blockDelete()).isTrue();
        assertThat(block.sequenceNumber()).isEqualTo(120);
        assertThat(block.comment()).isEqualTo("finish pass");
        assertThat(block.words()).map(Word::letter).containsExactly('G', 'X', 'F');
        assertThat(fanuc.parseLine("n.nc", 1, "O1000 (MAIN)").programNumber()).isEqualTo(1000);
        assertThat(fanuc.parseLine("n.nc", 1, "%")).isNull();
        assertThat(fanuc.parseLine("n.nc", 1, "   (only a comment)")).isNull();
    }

    @Test
    void splitsLinesOnEveryKindOfLineEnd() {
        List<Block> blocks = fanuc.parse("n.nc", "G0 X1.\r\nG0 X2.\rG0 X3.\n\nG0 X4.");
        assertThat(blocks).map(block -> block.position().line()).containsExactly(1, 2, 3, 5);
    }

    @Test
    void charactersBeyondLatin1KeepCommentsAndColumnsIntact() {
        Block block = fanuc.parseLine("n.nc", 1, "(Ø 6 – 😀 ok) G1 X1.");
        assertThat(block.comment()).isEqualTo("Ø 6 – 😀 ok");
        GcodeException error = org.assertj.core.api.Assertions.catchThrowableOfType(GcodeException.class,
                () -> fanuc.parseLine("n.nc", 1, "(😀) G1 X1. ✓"));
        assertThat(error.error()).isEqualTo(GcodeError.UNEXPECTED_CHARACTER);
        assertThat(error.getMessage()).contains("n.nc:1:13:").contains("'✓'");
    }

    @Test
    void semicolonCommentsOnlyInTheLinuxcncDialect() {
        assertThat(new Parser(Dialect.LINUXCNC).parseLine("n.nc", 1, "G0 X1 ; go").words()).hasSize(2);
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(GcodeException.class,
                () -> fanuc.parseLine("n.nc", 1, "G0 X1 ; go")).error()).isEqualTo(GcodeError.UNEXPECTED_CHARACTER);
    }

    @Test
    void macroExpressionsFollowFanucPriority() {
        Variables variables = new Variables();
        Evaluator evaluator = new Evaluator(variables);
        Block block = fanuc.parseLine("n.nc", 1, "#1 = 2 + 3 * 4 - 10 / 5 + ATAN[1]/[1] + SQRT[16] + 7 MOD 4 + [1 OR 2] + ROUND[2.5] + FIX[-2.7]");
        Statement.Assignment assignment = (Statement.Assignment) block.statement();
        assertThat(evaluator.evaluate(assignment.value())).isEqualTo(2 + 12 - 2 + 45 + 4 + 3 + 3 + 3 - 2);
    }

    @Test
    void operatorsOfOnePriorityAssociateLeftAndSignsBindTightest() {
        assertThat(evaluated("10 - 4 - 3")).isEqualTo(3);
        assertThat(evaluated("64 / 8 / 2")).isEqualTo(4);
        assertThat(evaluated("-2 * -3 - -1")).isEqualTo(7);
        assertThat(evaluated("--4 + +2")).isEqualTo(6);
        assertThat(evaluated("2 * 3 + 1 GT 6")).isEqualTo(1);
        assertThat(evaluated("1 + 2 EQ 3 * 1")).isEqualTo(1);
        assertThat(evaluated("[1 EQ 1] EQ 1")).isEqualTo(1);
        GcodeException chained = org.assertj.core.api.Assertions.catchThrowableOfType(GcodeException.class,
                () -> fanuc.parseLine("n.nc", 1, "IF [1 EQ 1 EQ 1] GOTO 5"));
        assertThat(chained.error()).isEqualTo(GcodeError.BAD_EXPRESSION);
        assertThat(chained.getMessage()).contains("n.nc:1:12:").contains("expected ']'");
        // after an address one sign: X--5 is a typing error, not 5
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(GcodeException.class,
                () -> fanuc.parseLine("n.nc", 1, "X--5")).error()).isEqualTo(GcodeError.BAD_EXPRESSION);
    }

    @Test
    void namedParametersIgnoreCaseBlanksAndTabs() {
        StringBuilder program = new StringBuilder("#<x Scale> = 1\n#<XSCALE> = 2\n#<x\tscale> = 3\n");
        for (int i = 0; i < 40; i++) { // past the spelling table's first sizes
            program.append("#<p").append(i).append("> = ").append(i).append('\n');
        }
        program.append("#<x_scale> = 4\n");
        List<String> names = new Parser(Dialect.LINUXCNC).parse("n.ngc", program.toString()).stream()
                .map(block -> ((Expression.NamedVariable) ((Statement.Assignment) block.statement()).variable()).name())
                .toList();
        assertThat(names.subList(0, 3)).containsOnly("XSCALE");
        assertThat(names.subList(3, 43)).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 40).mapToObj(i -> "P" + i).toList());
        assertThat(names.get(43)).isEqualTo("X_SCALE");
    }

    private double evaluated(String expression) {
        Statement.Assignment assignment = (Statement.Assignment) fanuc.parseLine("n.nc", 1, "#1 = " + expression).statement();
        return new Evaluator(new Variables()).evaluate(assignment.value());
    }

    private static String digits(SplittableRandom random, int count) {
        StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }

    private double value(String line) {
        return ((Expression.Number) fanuc.parseLine("n.nc", 1, line).words().get(0).value()).value();
    }
}
