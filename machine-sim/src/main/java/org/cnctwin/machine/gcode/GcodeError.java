package org.cnctwin.machine.gcode;

/**
 * Every way a program can be wrong, each with a stable code for tools and docs
 * ({@code docs/gcode.md} has an example of each). Like grbl's status codes: one per violation.
 */
public enum GcodeError {
    UNEXPECTED_CHARACTER("G001", "a character that starts no word, comment or statement"),
    BAD_NUMBER("G002", "a word's value is not a number"),
    UNCLOSED_COMMENT("G003", "a comment without its closing parenthesis"),
    INTEGER_REQUIRED("G004", "a word that takes a whole number (N O M S T H D L K P of M98) has a fraction"),
    UNSUPPORTED_G_CODE("G005", "a G code this interpreter does not know"),
    UNSUPPORTED_M_CODE("G006", "an M code this interpreter does not know"),
    MODAL_GROUP_CONFLICT("G007", "two codes of one modal group in one block"),
    REPEATED_WORD("G008", "the same address twice in one block"),
    AXIS_WORDS_WITHOUT_MOTION("G009", "axis words in a block with no motion mode to use them"),
    ARC_CENTER_MISSING("G010", "an arc without I/J/K in its plane or R"),
    ARC_R_AND_IJK("G011", "an arc with both R and I/J/K"),
    ARC_GEOMETRY("G012", "an arc whose end is not on its circle, or an R too small for its chord"),
    FEED_RATE_MISSING("G013", "a feed move while the feed rate is zero"),
    NEGATIVE_VALUE("G014", "a value that must not be negative (F S P Q, dwell)"),
    WORD_MISSING("G015", "a code without a word it needs (G4 P, G10 L, G43 H, cycle Z and R ...)"),
    CYCLE_R_BELOW_BOTTOM("G016", "a canned cycle whose R level is below its bottom"),
    UNKNOWN_TOOL("G017", "an H, D or T number with no entry in the tool table"),
    UNDEFINED_LABEL("G018", "GOTO to a sequence number that does not exist"),
    SUBPROGRAM_NOT_FOUND("G019", "M98 or G65 to a program that does not exist"),
    NESTING_TOO_DEEP("G020", "subprogram or macro calls nested deeper than 4"),
    BLOCK_BUDGET_EXCEEDED("G021", "more blocks executed than the budget allows: a loop that does not end"),
    BAD_VARIABLE("G022", "a variable number that does not exist or cannot be written"),
    MATH_DOMAIN("G023", "division by zero, or a function outside its domain"),
    UNBALANCED_LOOP("G024", "END without WHILE ... DO, or DO without its END"),
    TRAVEL_LIMIT("G025", "a move beyond the machine's travel"),
    SPINDLE_LIMIT("G026", "a spindle speed beyond the machine's maximum"),
    FEED_LIMIT("G027", "a feed rate beyond the machine's maximum"),
    VACANT_VARIABLE("G028", "a vacant variable (#0 or never set) as a GOTO target or a variable number"),
    BAD_EXPRESSION("G029", "an expression that does not parse"),
    WORD_NOT_ALLOWED("G030", "a word that has no meaning in its block"),
    CUTTER_COMPENSATION("G031", "cutter radius compensation that cannot be applied (start on an arc, tool too large, plane, side switch)");

    private final String code;
    private final String summary;

    GcodeError(String code, String summary) {
        this.code = code;
        this.summary = summary;
    }

    public String code() {
        return code;
    }

    public String summary() {
        return summary;
    }
}
