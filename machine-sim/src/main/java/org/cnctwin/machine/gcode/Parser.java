package org.cnctwin.machine.gcode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Turns program text into {@link Block}s: words, comments, {@code %}, {@code O}, {@code N},
 * {@code /}, and Custom Macro B statements and expressions. Values are not evaluated here;
 * what a block means is checked by {@link BlockChecker} when it runs.
 */
public final class Parser {

    private static final Expression.Operator[] OPERATORS = Expression.Operator.values();
    /** The characters an operator starts with: after most operands comes none of them (a ']', the line's end). */
    private static final boolean[] OPERATOR_STARTS = new boolean[128];

    static {
        for (Expression.Operator op : OPERATORS) {
            OPERATOR_STARTS[op.token.charAt(0)] = true;
        }
    }
    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

    private final Dialect dialect;

    public Parser(Dialect dialect) {
        this.dialect = dialect;
    }

    /** Parses a whole program; the first error stops it. */
    public List<Block> parse(String file, String text) {
        List<Block> blocks = new ArrayList<>();
        LineParser lines = new LineParser(file, text);
        int length = text.length();
        int lineNumber = 0;
        int start = 0;
        int nextReturn = -1; // the next '\r' at or after start, or length when none is left
        while (start <= length) {
            // String.indexOf finds a character with vector instructions: most of a line is skipped at once
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? length : newline;
            if (nextReturn < start) {
                nextReturn = text.indexOf('\r', start);
                nextReturn = nextReturn < 0 ? length : nextReturn;
            }
            end = Math.min(end, nextReturn);
            Block block = lines.block(++lineNumber, start, end);
            if (block != null) {
                blocks.add(block);
            }
            if (end < length && text.charAt(end) == '\r' && end + 1 < length && text.charAt(end + 1) == '\n') {
                end++;
            }
            start = end + 1;
        }
        return blocks;
    }

    /** @return the block, or null for a line that holds nothing (blank, comment only, {@code %}) */
    public Block parseLine(String file, int lineNumber, String line) {
        return new LineParser(file, line).block(lineNumber, 0, line.length());
    }

    /**
     * Parses the lines of one text in place: {@code at} moves along the current line, which runs
     * from {@code lineStart} to {@code end} of the whole text. One instance serves a whole file, so
     * a line costs no substring and no parser.
     *
     * <p>It reads the text's ISO 8859-1 bytes, copied once (an array read costs less than {@link
     * String#charAt}): a character outside that set reads as '?', which is no address, digit or
     * keyword either, and comments, names and messages are taken from the text itself.
     */
    private final class LineParser {
        private final String file;
        private final String text;
        private final byte[] bytes;
        /** The current block's words, the first {@code wordCount} of them: reused, as an ArrayList's bookkeeping showed in profiles. */
        private Word[] words = new Word[8];
        private int wordCount;
        /** Named parameters as written and, in the same slot, as compared: a table the file's text is looked up in without a string per reference. */
        private String[] spellings = new String[16];
        private String[] names = new String[16];
        private int nameCount;
        private int lineNumber;
        private int lineStart;
        private int end;
        private int at;

        LineParser(String file, String text) {
            this.file = file;
            this.text = text;
            this.bytes = latin1(text);
        }

        /** One byte per char, so indices match the text's (the encoder turns a surrogate pair into one '?'). */
        private static byte[] latin1(String text) {
            byte[] encoded = text.getBytes(StandardCharsets.ISO_8859_1);
            if (encoded.length == text.length()) {
                return encoded;
            }
            byte[] bytes = new byte[text.length()];
            for (int i = 0; i < bytes.length; i++) {
                char c = text.charAt(i);
                bytes[i] = (byte) (c <= 0xff ? c : '?');
            }
            return bytes;
        }

        private char charAt(int index) {
            return (char) (bytes[index] & 0xff);
        }

        /** Upper case for ASCII letters only: G-code addresses and keywords are ASCII. */
        private char upperAt(int index) {
            char c = charAt(index);
            return c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
        }

        Block block(int number, int from, int to) {
            lineNumber = number;
            lineStart = from;
            end = to;
            at = from;
            wordCount = 0;
            skipBlanks();
            if (at < end && charAt(at) == '%') {
                return null; // tape delimiter; the rest of the line is ignored as on a real control
            }
            SourcePosition start = position();
            boolean blockDelete = false;
            if (at < end && charAt(at) == '/') {
                blockDelete = true;
                at++;
            }
            long sequenceNumber = -1;
            int programNumber = -1;
            Statement statement = null;
            StringBuilder comment = null; // most blocks have none
            while (true) {
                skipBlanks();
                if (at >= end) {
                    break;
                }
                char c = upperAt(at);
                if (c == '(') {
                    int close = indexOf(')');
                    if (close < 0) {
                        throw error(GcodeError.UNCLOSED_COMMENT, position(), "comment has no closing ')'");
                    }
                    comment = comment == null ? new StringBuilder() : comment.append(' ');
                    comment.append(text, at + 1, close);
                    at = close + 1;
                } else if (c == ';' && dialect.semicolonComments()) {
                    comment = comment == null ? new StringBuilder() : comment.append(' ');
                    comment.append(text(at + 1, end).trim());
                    at = end;
                } else if (c == '#') {
                    statement = onlyStatement(statement, assignment());
                } else if (c == 'I' && keywordAhead("IF")) {
                    statement = onlyStatement(statement, ifStatement());
                } else if (c == 'W' && keywordAhead("WHILE")) {
                    statement = onlyStatement(statement, whileStatement());
                } else if (c == 'G' && keywordAhead("GOTO")) {
                    at += 4;
                    statement = onlyStatement(statement, new Statement.Goto(null, operand()));
                } else if (c == 'E' && keywordAhead("END")) {
                    at += 3;
                    statement = onlyStatement(statement, new Statement.End(loopId()));
                } else if (c >= 'A' && c <= 'Z') {
                    int column = column();
                    at++;
                    Expression value = wordValue(column, c);
                    if (c == 'N' && wordCount == 0 && sequenceNumber < 0 && statement == null) {
                        sequenceNumber = (long) wholeNumber(value, 'N', column);
                    } else if (c == 'O' && wordCount == 0 && statement == null && programNumber < 0) {
                        programNumber = (int) wholeNumber(value, 'O', column);
                    } else {
                        if (statement != null) {
                            throw error(GcodeError.WORD_NOT_ALLOWED, position(column), "word " + c + " after a macro statement; put it in a block of its own");
                        }
                        if (wordCount == words.length) {
                            words = Arrays.copyOf(words, 2 * wordCount);
                        }
                        words[wordCount++] = new Word(c, value, column);
                    }
                } else {
                    throw error(GcodeError.UNEXPECTED_CHARACTER, position(), "unexpected '" + text.charAt(at) + "', expected an address letter, '(' or '#'");
                }
            }
            Block block = new Block(start, sequenceNumber, programNumber, blockDelete, wordList(), statement,
                    comment == null ? "" : comment.toString());
            return block.isEmpty() && sequenceNumber < 0 ? null : block;
        }

        /** The block's words as an immutable list, copied once (List.copyOf of a list copies twice). */
        private List<Word> wordList() {
            return switch (wordCount) {
                case 0 -> List.of();
                case 1 -> List.of(words[0]);
                case 2 -> List.of(words[0], words[1]);
                case 3 -> List.of(words[0], words[1], words[2]);
                case 4 -> List.of(words[0], words[1], words[2], words[3]);
                case 5 -> List.of(words[0], words[1], words[2], words[3], words[4]);
                default -> List.of(Arrays.copyOf(words, wordCount));
            };
        }

        private Statement onlyStatement(Statement existing, Statement parsed) {
            if (existing != null || wordCount != 0) {
                throw error(GcodeError.WORD_NOT_ALLOWED, position(), "a macro statement must stand alone in its block");
            }
            return parsed;
        }

        private Statement.Assignment assignment() {
            SourcePosition where = position();
            Expression variable = primary();
            if (!(variable instanceof Expression.Variable) && !(variable instanceof Expression.NamedVariable)) {
                throw error(GcodeError.BAD_EXPRESSION, where, "expected '#<number> = <value>'");
            }
            skipBlanks();
            expect('=');
            return new Statement.Assignment(variable, expression());
        }

        private Statement ifStatement() {
            at += 2;
            skipBlanks();
            SourcePosition where = position();
            expect('[');
            Expression condition = expression();
            expect(']');
            skipBlanks();
            if (keywordAhead("GOTO")) {
                at += 4;
                return new Statement.Goto(condition, operand());
            }
            if (keywordAhead("THEN")) {
                at += 4;
                skipBlanks();
                return new Statement.IfThen(condition, assignment());
            }
            throw error(GcodeError.BAD_EXPRESSION, position(), "expected GOTO or THEN after IF [...]");
        }

        private Statement whileStatement() {
            at += 5;
            skipBlanks();
            expect('[');
            Expression condition = expression();
            expect(']');
            skipBlanks();
            if (!keywordAhead("DO")) {
                throw error(GcodeError.BAD_EXPRESSION, position(), "expected DO <1-3> after WHILE [...]");
            }
            at += 2;
            return new Statement.WhileDo(condition, loopId());
        }

        private int loopId() {
            skipBlanks();
            SourcePosition where = position();
            int start = at;
            while (at < end && isDigit(bytes[at])) {
                at++;
            }
            String digits = text(start, at);
            if (digits.isEmpty()) {
                throw error(GcodeError.BAD_EXPRESSION, where, "expected a loop number 1-3");
            }
            if (digits.length() != 1 || digits.charAt(0) < '1' || digits.charAt(0) > '3') {
                throw error(GcodeError.BAD_EXPRESSION, where, "loop numbers are 1-3, was " + digits);
            }
            return digits.charAt(0) - '0';
        }

        /** The value after an address letter: a number, {@code #var}, {@code [expr]}, or a signed one of these. */
        private Expression wordValue(int column, char letter) {
            skipBlanks();
            if (at >= end) {
                throw error(GcodeError.BAD_NUMBER, position(column), "address " + letter + " has no value");
            }
            return operand();
        }

        private Expression operand() {
            skipBlanks();
            if (digitOrPointAt(at)) {
                return number(false); // the common case
            }
            return signed(false);
        }

        /**
         * A value with an optional sign; a sign before digits belongs to the literal ({@code -5} is
         * one number, not a negation). After an address one sign may stand ({@code X-#1}), inside
         * an expression signs may repeat ({@code [--#1]}).
         */
        private Expression signed(boolean repeatable) {
            skipBlanks();
            if (!peek('-') && !peek('+')) {
                return primary();
            }
            boolean negative = peek('-');
            int signColumn = column();
            at++;
            skipBlanks();
            if (digitOrPointAt(at)) {
                return number(negative);
            }
            Expression value = repeatable ? signed(true) : primary();
            return negative ? new Expression.Negation(value, position(signColumn)) : value;
        }

        private boolean digitOrPointAt(int index) {
            return index < end && (isDigit(bytes[index]) || bytes[index] == '.');
        }

        // ---- expressions, by FANUC priority: comparison < additive < multiplicative < unary < primary

        private Expression expression() {
            return binary(Expression.Operator.LOWEST_PRIORITY);
        }

        /**
         * Operators of {@code minPriority} or higher, left-associative, by precedence climbing:
         * an operand descends only as far as the operator after it asks. Comparisons do not chain.
         */
        private Expression binary(int minPriority) {
            Expression left = signed(true);
            while (true) {
                skipBlanks();
                Expression.Operator op = operatorAhead(minPriority);
                if (op == null) {
                    return left;
                }
                SourcePosition where = position();
                at += op.token.length();
                left = new Expression.Binary(op, left, binary(op.priority + 1), where);
                if (op.isComparison()) {
                    return left;
                }
            }
        }

        /** The operator at {@code at} if it binds at least as tightly as {@code minPriority}, else null. */
        private Expression.Operator operatorAhead(int minPriority) {
            if (at >= end) {
                return null;
            }
            char first = upperAt(at);
            if (first >= OPERATOR_STARTS.length || !OPERATOR_STARTS[first]) {
                return null;
            }
            for (Expression.Operator op : OPERATORS) {
                if (op.priority >= minPriority && op.token.charAt(0) == first && keywordAhead(op.token)) {
                    return op;
                }
            }
            return null;
        }

        private Expression primary() {
            skipBlanks();
            if (at >= end) {
                throw error(GcodeError.BAD_EXPRESSION, position(), "expected a value, found the end of the line");
            }
            char c = upperAt(at);
            if (digitOrPointAt(at)) {
                return number(false);
            }
            if (c == '[') {
                at++;
                Expression inner = expression();
                expect(']');
                return inner;
            }
            SourcePosition where = position();
            if (c == '#') {
                at++;
                if (peek('<') && dialect.namedParameters()) {
                    int close = indexOf('>');
                    if (close < 0) {
                        throw error(GcodeError.BAD_EXPRESSION, where, "named parameter #<... has no closing '>'");
                    }
                    String name = name(at + 1, close);
                    at = close + 1;
                    return new Expression.NamedVariable(name, where);
                }
                return new Expression.Variable(primary(), where);
            }
            for (Expression.Function function : Expression.Function.values()) {
                if (keywordAhead(function.name()) && nextNonBlankAfter(function.name().length()) == '[') {
                    at += function.name().length();
                    skipBlanks();
                    expect('[');
                    Expression argument = expression();
                    expect(']');
                    Expression second = null;
                    if (function == Expression.Function.ATAN) {
                        skipBlanks();
                        if (peek('/') && nextNonBlankAfter(1) == '[') {
                            at++;
                            skipBlanks();
                            expect('[');
                            second = expression();
                            expect(']');
                        }
                    }
                    return new Expression.Call(function, argument, second, where);
                }
            }
            throw error(GcodeError.BAD_EXPRESSION, where, "expected a number, '#', '[' or a function, found '" + text.charAt(at) + "'");
        }

        /**
         * Digits with at most one decimal point. Up to 15 digits, mantissa / 10^fraction digits is
         * exactly what {@link Double#parseDouble} returns (both are exact doubles and division is
         * correctly rounded), at a fraction of its cost; longer numbers go to parseDouble.
         */
        private Expression number(boolean negative) {
            int start = at;
            long mantissa = 0;
            int index = start;
            while (index < end && isDigit(bytes[index])) {
                mantissa = mantissa * 10 + (bytes[index++] - '0');
            }
            boolean decimalPoint = index < end && bytes[index] == '.';
            int fractionDigits = 0;
            if (decimalPoint) {
                int fractionStart = ++index;
                while (index < end && isDigit(bytes[index])) {
                    mantissa = mantissa * 10 + (bytes[index++] - '0');
                }
                fractionDigits = index - fractionStart;
            }
            at = index;
            int digits = index - start - (decimalPoint ? 1 : 0);
            if (digits == 0) {
                throw error(GcodeError.BAD_NUMBER, position(start - lineStart + 1), "'.' is not a number");
            }
            // beyond 15 digits the mantissa may have overflowed or be inexact: parseDouble's turn
            double value = digits <= 15 ? mantissa / POWERS_OF_TEN[fractionDigits] : Double.parseDouble(text(start, index));
            return new Expression.Number(negative ? -value : value, decimalPoint);
        }

        private static boolean isDigit(byte b) {
            return b >= '0' && b <= '9';
        }

        private double wholeNumber(Expression value, char letter, int column) {
            if (!(value instanceof Expression.Number number) || number.hasDecimalPoint() || number.value() < 0) {
                throw error(GcodeError.INTEGER_REQUIRED, position(column), letter + " takes a whole number written without a decimal point");
            }
            return number.value();
        }

        // ---- characters

        /** Whether {@code keyword} (upper case) starts at {@code at}, in any case. */
        private boolean keywordAhead(String keyword) {
            if (at + keyword.length() > end) {
                return false;
            }
            for (int i = 0; i < keyword.length(); i++) {
                if (upperAt(at + i) != keyword.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        /** Where {@code c} next occurs on this line, or -1. */
        private int indexOf(char c) {
            for (int i = at; i < end; i++) {
                if (charAt(i) == c) {
                    return i;
                }
            }
            return -1;
        }

        /**
         * A named parameter as LinuxCNC compares them: blanks dropped, upper case. A spelling seen
         * before in the file is found by hashing the text in place, without building a string
         * (3D_Chips.ngc names two parameters in nearly every block).
         */
        private String name(int from, int to) {
            int hash = 0;
            for (int i = from; i < to; i++) {
                hash = 31 * hash + text.charAt(i); // String.hashCode's, so a spelling's cached hash compares
            }
            int mask = spellings.length - 1;
            for (int slot = hash & mask; spellings[slot] != null; slot = (slot + 1) & mask) {
                String spelling = spellings[slot];
                if (spelling.hashCode() == hash && spelling.length() == to - from && text.startsWith(spelling, from)) {
                    return names[slot];
                }
            }
            String spelling = text.substring(from, to);
            String name = spelling.replace(" ", "").replace("\t", "").toUpperCase(Locale.ROOT);
            if (2 * (nameCount + 1) > spellings.length) {
                String[] oldSpellings = spellings;
                String[] oldNames = names;
                spellings = new String[2 * oldSpellings.length];
                names = new String[spellings.length];
                nameCount = 0;
                for (int i = 0; i < oldSpellings.length; i++) {
                    if (oldSpellings[i] != null) {
                        putName(oldSpellings[i], oldNames[i]);
                    }
                }
            }
            putName(spelling, name);
            return name;
        }

        /** Into the first free slot from the spelling's hash: the table is open-addressed and at most half full. */
        private void putName(String spelling, String name) {
            int mask = spellings.length - 1;
            int slot = spelling.hashCode() & mask;
            while (spellings[slot] != null) {
                slot = (slot + 1) & mask;
            }
            spellings[slot] = spelling;
            names[slot] = name;
            nameCount++;
        }

        private String text(int from, int to) {
            return text.substring(from, to);
        }

        private char nextNonBlankAfter(int offset) {
            int i = at + offset;
            while (i < end && charAt(i) == ' ') {
                i++;
            }
            return i < end ? charAt(i) : '\0';
        }

        private boolean peek(char c) {
            return at < end && charAt(at) == c;
        }

        private void expect(char c) {
            skipBlanks();
            if (!peek(c)) {
                throw error(GcodeError.BAD_EXPRESSION, position(), "expected '" + c + "'" + (at < end ? ", found '" + text.charAt(at) + "'" : ", found the end of the line"));
            }
            at++;
        }

        private void skipBlanks() {
            while (at < end && (charAt(at) == ' ' || charAt(at) == '\t')) {
                at++;
            }
        }

        private int column() {
            return at - lineStart + 1;
        }

        private SourcePosition position() {
            return position(column());
        }

        private SourcePosition position(int column) {
            return new SourcePosition(file, lineNumber, column);
        }

        private GcodeException error(GcodeError error, SourcePosition where, String detail) {
            return new GcodeException(error, where, detail);
        }
    }
}
