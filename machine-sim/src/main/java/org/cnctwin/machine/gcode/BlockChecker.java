package org.cnctwin.machine.gcode;

import java.util.Arrays;

/**
 * The one place that decides whether a block makes sense, and what it says. {@link #check}
 * evaluates the words, applies the least-input-increment rule, and refuses anything wrong with an
 * error code and position; the interpreter then only carries the block out.
 *
 * <p>One instance is reused for every block: an interpreter runs millions of blocks a second.
 */
final class BlockChecker {

    /** Addresses whose literal values without a decimal point count least input increments. */
    private static final int DIMENSION_LETTERS = letters("XYZABCIJKRQUVW");
    /** Of those, the lengths: rotary axes are degrees whatever G20/G21 says. */
    private static final int LENGTH_LETTERS = letters("XYZIJKRQUVW");
    private static final String AXIS_LETTERS = "XYZABC";
    private static final int AXES = letters(AXIS_LETTERS);
    private static final int WHOLE_NUMBER_LETTERS = letters("THDLM");
    /** Letters that mean something only with certain codes: a block without any skips {@link #checkUnusedWords}. */
    private static final int RESTRICTED_LETTERS = letters("IJKRQPLHDEUVW");
    private static final double INCREMENT_MM = 0.001;
    private static final double INCREMENT_INCH = 0.0001;

    private final Dialect dialect;
    private final GCode[] gByGroup = new GCode[ModalGroup.values().length];
    /** Column of each group's G word in the block, 0 for none. */
    private final int[] gColumns = new int[ModalGroup.values().length];
    private final boolean[] mCodes = new boolean[MCode.values().length];
    private final MCode[] mByGroup = new MCode[ModalGroup.values().length];
    private final double[] values = new double[26];
    /** Column of each letter's word in the block, 0 for none. */
    private final int[] columns = new int[26];
    private final boolean[] hasDecimalPoint = new boolean[26];
    private SourcePosition blockPosition;
    /** Letters, G groups and M groups set by the last block, so reset clears only those. */
    private int lettersSet;
    private int gGroupsSet;
    private int mGroupsSet;

    BlockChecker(Dialect dialect) {
        this.dialect = dialect;
        Arrays.fill(values, Double.NaN);
    }

    // ---- what the checked block says

    GCode g(ModalGroup group) {
        return gByGroup[group.ordinal()];
    }

    /** The motion this block programs: a group 01 code, else a canned cycle or G80, else null. */
    GCode motion() {
        GCode motion = g(ModalGroup.MOTION);
        return motion != null ? motion : g(ModalGroup.CANNED_CYCLE);
    }

    boolean m(MCode code) {
        return mCodes[code.ordinal()];
    }

    MCode m(ModalGroup group) {
        return mByGroup[group.ordinal()];
    }

    boolean has(char letter) {
        return columns[letter - 'A'] != 0;
    }

    /** The value in mm (dimension words) or as written (others); NaN when absent. */
    double value(char letter) {
        return values[letter - 'A'];
    }

    /** Whether {@code letter} addresses a length or an angle, which the block scales to mm or least input increments. */
    static boolean isDimension(char letter) {
        return letter >= 'A' && letter <= 'Z' && (DIMENSION_LETTERS & 1 << letter - 'A') != 0;
    }

    boolean writtenWithDecimalPoint(char letter) {
        return hasDecimalPoint[letter - 'A'];
    }

    SourcePosition position(char letter) {
        return at(columns[letter - 'A']);
    }

    /** The position of a column of the block's line; the block's own for 0. */
    private SourcePosition at(int column) {
        return column == 0 ? blockPosition : new SourcePosition(blockPosition.file(), blockPosition.line(), column);
    }

    SourcePosition blockPosition() {
        return blockPosition;
    }

    boolean hasAxisWords() {
        return (lettersSet & AXES) != 0;
    }

    GcodeException error(GcodeError error, SourcePosition where, String detail) {
        return new GcodeException(error, where, detail);
    }

    // ---- checking

    /**
     * @param modalMotion the motion mode in force before this block (null for none)
     * @param plane the plane in force before this block
     * @param inch the units in force before this block
     * @param feedRate the feed rate in force before this block
     */
    void check(Block block, Evaluator evaluator, GCode modalMotion, Plane plane, boolean inch, double feedRate) {
        reset(block.position());
        for (Word word : block.words()) {
            double value = evaluator.evaluate(word.value());
            if (Variables.isVacant(value)) {
                continue; // FANUC: an address given a vacant variable is as if not written
            }
            switch (word.letter()) {
                case 'G' -> addG(word, value);
                case 'M' -> addM(word, value);
                default -> addWord(word, value);
            }
        }
        GCode units = g(ModalGroup.UNITS);
        boolean inchHere = units != null ? units == GCode.G20 : inch;
        GCode effectiveMotion = motion() != null ? motion() : modalMotion;
        boolean repeatCount = effectiveMotion != null && effectiveMotion.isCannedCycle() && has(dialect.cycleRepeatLetter());
        if (repeatCount && value(dialect.cycleRepeatLetter()) != Math.rint(value(dialect.cycleRepeatLetter()))) {
            throw error(GcodeError.INTEGER_REQUIRED, position(dialect.cycleRepeatLetter()), dialect.cycleRepeatLetter()
                    + " (canned cycle repeats) takes a whole number, was " + formatted(value(dialect.cycleRepeatLetter())));
        }
        scaleDimensions(inchHere, repeatCount ? dialect.cycleRepeatLetter() : 0);
        GCode motion = g(ModalGroup.MOTION);
        GCode cycle = g(ModalGroup.CANNED_CYCLE);
        if (motion != null && cycle != null && cycle != GCode.G80) {
            throw error(GcodeError.MODAL_GROUP_CONFLICT, at(gColumns[ModalGroup.CANNED_CYCLE.ordinal()]),
                    cycle.label() + " and " + motion.label() + " in one block: a canned cycle and a motion code exclude each other");
        }
        checkMeaning(modalMotion, planeOf(plane), feedRate);
    }

    private Plane planeOf(Plane modalPlane) {
        GCode code = g(ModalGroup.PLANE);
        return code == null ? modalPlane : code == GCode.G17 ? Plane.XY : code == GCode.G18 ? Plane.ZX : Plane.YZ;
    }

    private void reset(SourcePosition where) {
        for (int bits = lettersSet; bits != 0; bits &= bits - 1) {
            int index = Integer.numberOfTrailingZeros(bits);
            values[index] = Double.NaN;
            columns[index] = 0;
            hasDecimalPoint[index] = false;
        }
        for (int bits = gGroupsSet; bits != 0; bits &= bits - 1) {
            int index = Integer.numberOfTrailingZeros(bits);
            gByGroup[index] = null;
            gColumns[index] = 0;
        }
        if (mGroupsSet != 0) {
            Arrays.fill(mCodes, false);
            Arrays.fill(mByGroup, null);
        }
        lettersSet = 0;
        gGroupsSet = 0;
        mGroupsSet = 0;
        blockPosition = where;
    }

    private void addG(Word word, double value) {
        GCode code = GCode.of(value);
        if (code == null) {
            throw error(GcodeError.UNSUPPORTED_G_CODE, at(word.column()), "G" + formatted(value) + " is not supported");
        }
        if ((code == GCode.G76 || code == GCode.G87) && dialect.linuxCncRules()) {
            // Same numbers, other cycles: LinuxCNC's G76 threads on a lathe, its G87 back-bores with I/J/K.
            throw error(GcodeError.UNSUPPORTED_G_CODE, at(word.column()), code.label() + " in LinuxCNC is "
                    + (code == GCode.G76 ? "lathe threading" : "back boring with I/J/K") + ", which is not supported; the fanuc dialect's "
                    + code.label() + " is " + (code == GCode.G76 ? "fine boring" : "back boring with Q"));
        }
        int group = code.group().ordinal();
        if (gByGroup[group] != null) {
            throw error(GcodeError.MODAL_GROUP_CONFLICT, at(word.column()), code.label() + " and " + gByGroup[group].label()
                    + " are both in the " + code.group().description() + " group");
        }
        gByGroup[group] = code;
        gColumns[group] = word.column();
        gGroupsSet |= 1 << group;
    }

    private void addM(Word word, double value) {
        MCode code = value == Math.rint(value) ? MCode.of((int) value) : null;
        if (code == null) {
            throw error(GcodeError.UNSUPPORTED_M_CODE, at(word.column()), "M" + formatted(value) + " is not supported");
        }
        int group = code.group().ordinal();
        MCode other = mByGroup[group];
        boolean mistWithFlood = other != null && code.group() == ModalGroup.COOLANT && (code == MCode.M07 || code == MCode.M08)
                && (other == MCode.M07 || other == MCode.M08) && other != code;
        if (other != null && !mistWithFlood) {
            throw error(GcodeError.MODAL_GROUP_CONFLICT, at(word.column()), code.label() + " and " + other.label()
                    + " are both in the " + code.group().description() + " group");
        }
        mByGroup[group] = code;
        mCodes[code.ordinal()] = true;
        mGroupsSet |= 1 << group;
    }

    private void addWord(Word word, double value) {
        int index = word.letter() - 'A';
        if (columns[index] != 0) {
            throw error(GcodeError.REPEATED_WORD, at(word.column()), word.letter() + " appears twice in one block");
        }
        if ((WHOLE_NUMBER_LETTERS & 1 << index) != 0 && value != Math.rint(value)) {
            throw error(GcodeError.INTEGER_REQUIRED, at(word.column()), word.letter() + " takes a whole number, was " + formatted(value));
        }
        values[index] = value;
        columns[index] = word.column();
        lettersSet |= 1 << index;
        hasDecimalPoint[index] = !(literal(word.value()) instanceof Expression.Number number) || number.hasDecimalPoint();
    }

    /** The literal behind an optional sign, or null when the value is computed. */
    private static Expression literal(Expression value) {
        Expression inner = value instanceof Expression.Negation negation ? negation.operand() : value;
        return inner instanceof Expression.Number ? inner : null;
    }

    /** @param count a dimension letter that is a count in this block (K of a canned cycle), or 0 */
    private void scaleDimensions(boolean inch, char count) {
        double unitMm = inch ? 25.4 : 1;
        double increment = inch ? INCREMENT_INCH : INCREMENT_MM;
        int scaled = lettersSet & DIMENSION_LETTERS & ~(count == 0 ? 0 : 1 << count - 'A');
        for (int bits = scaled; bits != 0; bits &= bits - 1) {
            int index = Integer.numberOfTrailingZeros(bits);
            boolean counted = dialect.leastInputIncrementRule() && !hasDecimalPoint[index];
            boolean length = (LENGTH_LETTERS & 1 << index) != 0;
            values[index] = (counted ? values[index] * (length ? increment : INCREMENT_MM) : values[index]) * (length ? unitMm : 1);
        }
        int feed = 'F' - 'A';
        if (columns[feed] != 0) {
            values[feed] *= unitMm;
        }
    }

    /** Refuses codes without the words they need and words that mean nothing in this block. */
    private void checkMeaning(GCode modalMotion, Plane plane, double feedRate) {
        GCode nonModal = g(ModalGroup.NON_MODAL);
        if (nonModal == GCode.G65) {
            require('P', "G65 needs P<program number>");
            return; // every other letter is an argument of the macro
        }
        GCode motion = motion() != null ? motion() : modalMotion;
        boolean axisWordsUsedElsewhere = nonModal == GCode.G10 || nonModal == GCode.G28 || nonModal == GCode.G30 || nonModal == GCode.G92
                || (nonModal == GCode.G04 && dialect.dwellPInMilliseconds()); // FANUC: G04 X<seconds>
        if (hasAxisWords() && !axisWordsUsedElsewhere && (motion == null || motion == GCode.G80)) {
            char first = firstPresent(AXIS_LETTERS);
            throw error(GcodeError.AXIS_WORDS_WITHOUT_MOTION, position(first), "axis word " + first + " but no motion mode is active"
                    + (motion == GCode.G80 ? " (G80 cancelled it)" : "") + "; program G00, G01, G02, G03 or a canned cycle");
        }
        if (nonModal == GCode.G53 && motion != GCode.G00 && motion != GCode.G01) {
            throw error(GcodeError.WORD_NOT_ALLOWED, at(gColumns[ModalGroup.NON_MODAL.ordinal()]), "G53 moves only with G00 or G01");
        }
        checkNegative('F');
        checkNegative('S');
        boolean usesMotion = (hasAxisWords() || isFullCircle(motion) || motionWordAlone()) && !axisWordsUsedElsewhere;
        if (usesMotion && motion != null && (motion == GCode.G01 || motion.isArc() || motion.isCannedCycle()) && nonModal != GCode.G53
                && !(has('F') ? value('F') > 0 : feedRate > 0)) {
            throw error(GcodeError.FEED_RATE_MISSING, blockPosition, motion.label() + " with feed rate 0; program F");
        }
        if (motion != null && motion.isArc() && usesMotion) {
            checkArcWords(motion);
        }
        if (nonModal == GCode.G04) {
            if (!has('P') && !has('X')) {
                throw error(GcodeError.WORD_MISSING, at(gColumns[ModalGroup.NON_MODAL.ordinal()]), "G04 needs P<dwell> or X<seconds>");
            }
            checkNegative('P');
            checkNegative('X');
        }
        if (nonModal == GCode.G10) {
            require('L', "G10 needs L2 (work offset) or L10-L13 (tool offset)");
            require('P', "G10 needs P<offset number>");
        }
        GCode toolLength = g(ModalGroup.TOOL_LENGTH);
        if ((toolLength == GCode.G43 || toolLength == GCode.G44) && !dialect.linuxCncRules()) {
            require('H', toolLength.label() + " needs H<offset number>");
        }
        GCode compensation = g(ModalGroup.CUTTER_COMPENSATION);
        if (g(ModalGroup.WORK_COORDINATES) == GCode.G54_1) {
            require('P', "G54.1 needs P<1-48>");
        }
        if (m(MCode.M98)) {
            require('P', "M98 needs P<program number>");
        }
        GCode cycle = motion();
        if (cycle != null && cycle.isCannedCycle() && cycle != modalMotion) {
            require('R', cycle.label() + " needs R<retract level> when it is first programmed");
            char bottom = AXIS_LETTERS.charAt(plane.normal);
            require(bottom, cycle.label() + " needs " + bottom + "<hole bottom> when it is first programmed");
            if ((cycle == GCode.G73 || cycle == GCode.G83) && !has('Q')) {
                require('Q', cycle.label() + " needs Q<peck depth> when it is first programmed");
            }
            boolean dwells = cycle == GCode.G82 || cycle == GCode.G86 || cycle == GCode.G88 || cycle == GCode.G89;
            if (dwells && dialect.linuxCncRules()) {
                require('P', cycle.label() + " needs P<dwell seconds> when it is first programmed"); // FANUC: no P, no dwell
            }
        }
        if (has('Q') && value('Q') <= 0 && (motion == GCode.G73 || motion == GCode.G83)) {
            throw error(GcodeError.NEGATIVE_VALUE, position('Q'), "Q (peck depth) must be positive, was " + formatted(value('Q')));
        }
        checkUnusedWords(motion, nonModal, compensation, toolLength);
    }

    private void checkArcWords(GCode motion) {
        boolean radius = has('R');
        boolean center = has('I') || has('J') || has('K');
        if (radius && center) {
            throw error(GcodeError.ARC_R_AND_IJK, position('R'), motion.label() + " with both R and I/J/K: use one");
        }
        if (!radius && !center) {
            throw error(GcodeError.ARC_CENTER_MISSING, blockPosition, motion.label() + " needs I/J/K in its plane or R");
        }
    }

    private void checkUnusedWords(GCode motion, GCode nonModal, GCode compensation, GCode toolLength) {
        if ((lettersSet & RESTRICTED_LETTERS) == 0) {
            return;
        }
        boolean arc = motion != null && motion.isArc() && (hasAxisWords() || isFullCircle(motion));
        boolean cycle = motion != null && motion.isCannedCycle();
        allowOnly('I', arc, "I belongs to arcs");
        allowOnly('J', arc, "J belongs to arcs");
        allowOnly('K', arc || cycle, "K belongs to arcs and canned cycle repeats");
        allowOnly('R', arc || cycle || nonModal == GCode.G10, "R belongs to arcs, canned cycles and G10");
        boolean blending = g(ModalGroup.PATH_CONTROL) == GCode.G64 && dialect.linuxCncRules(); // LinuxCNC G64 P<tolerance> Q<tolerance>
        allowOnly('Q', cycle || blending, "Q belongs to canned cycles");
        allowOnly('P', nonModal == GCode.G04 || nonModal == GCode.G10 || cycle || m(MCode.M98) || m(MCode.M99)
                || g(ModalGroup.WORK_COORDINATES) == GCode.G54_1 || (arc && dialect.linuxCncRules()) || blending,
                "P belongs to G04, G10, G54.1, M98, M99 and canned cycles");
        allowOnly('L', nonModal == GCode.G10 || m(MCode.M98) || cycle, "L belongs to G10, M98 and canned cycles");
        allowOnly('H', toolLength == GCode.G43 || toolLength == GCode.G44, "H belongs to G43/G44");
        allowOnly('D', compensation == GCode.G41 || compensation == GCode.G42, "D belongs to G41/G42");
        for (char unsupported : new char[] {'E', 'U', 'V', 'W'}) {
            allowOnly(unsupported, false, unsupported + " is not an address this interpreter supports");
        }
    }

    /**
     * A G00, G01, G02 or G03 written without axis words (or a full circle's I/J/K): LinuxCNC moves
     * for it, nowhere for G00 and G01, and refuses an arc without its words; FANUC does not move.
     */
    boolean motionWordAlone() {
        GCode written = motion();
        return dialect.linuxCncRules() && written != null && (written == GCode.G00 || written == GCode.G01 || written.isArc())
                && !hasAxisWords() && !isFullCircle(written);
    }

    /** G02/G03 with I/J/K and no end point: a full circle back to where it starts. */
    boolean isFullCircle(GCode motion) {
        return motion != null && motion.isArc() && !hasAxisWords() && (has('I') || has('J') || has('K'));
    }

    private void allowOnly(char letter, boolean allowed, String why) {
        if (has(letter) && !allowed) {
            throw error(GcodeError.WORD_NOT_ALLOWED, position(letter), letter + " has no meaning in this block: " + why);
        }
    }

    private void require(char letter, String message) {
        if (!has(letter)) {
            throw error(GcodeError.WORD_MISSING, blockPosition, message);
        }
    }

    private void checkNegative(char letter) {
        if (has(letter) && value(letter) < 0) {
            throw error(GcodeError.NEGATIVE_VALUE, position(letter), letter + " must not be negative, was " + formatted(value(letter)));
        }
    }

    private char firstPresent(String letters) {
        for (int i = 0; i < letters.length(); i++) {
            if (has(letters.charAt(i))) {
                return letters.charAt(i);
            }
        }
        return '?';
    }

    /** The bit set of {@code letters}, bit 0 for A: blocks keep their letters that way in {@link #lettersSet}. */
    private static int letters(String letters) {
        int bits = 0;
        for (int i = 0; i < letters.length(); i++) {
            bits |= 1 << letters.charAt(i) - 'A';
        }
        return bits;
    }

    static String formatted(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.valueOf(value);
    }
}
