package org.cnctwin.machine.gcode;

/**
 * How a control reads a program. FANUC is the default; {@code LINUXCNC} lets LinuxCNC users'
 * programs run and lets our interpretation be compared with LinuxCNC's {@code rs274}.
 *
 * @param leastInputIncrementRule an address without a decimal point counts least input
 *     increments ({@code X1} = 0.001 mm); off for calculator-type input and for LinuxCNC
 * @param dwellPInMilliseconds G04 P is in ms (FANUC) rather than seconds (LinuxCNC)
 * @param semicolonComments {@code ;} starts a comment running to the end of the line
 * @param cycleRepeatLetter K (FANUC) or L (LinuxCNC) repeats a canned cycle
 * @param motionAtStart the motion mode in force before any is programmed, or null for none
 * @param namedParameters LinuxCNC's {@code #<name>} parameters are allowed
 * @param peckRetractMm G73 retract and G83 re-approach distance; LinuxCNC fixes it at 0.010 in,
 *     FANUC sets it in parameter 5114/5115 per machine
 * @param linuxCncRules where the two controls run the same words differently, run them as
 *     LinuxCNC's {@code rs274} does (docs/gcode.md lists each rule): cutter compensation corners
 *     and entry arcs, tool length offsets, a motion word alone, canned cycle retracts, G87, G64 P
 *     and arc P; otherwise as the FANUC manuals say. Calculator-type input is still FANUC.
 */
public record Dialect(String name, boolean leastInputIncrementRule, boolean dwellPInMilliseconds, boolean semicolonComments,
                      char cycleRepeatLetter, GCode motionAtStart, boolean namedParameters, double peckRetractMm,
                      boolean linuxCncRules) {

    public static final Dialect FANUC = new Dialect("fanuc", true, true, false, 'K', GCode.G00, false, 1.0, false);
    public static final Dialect FANUC_CALCULATOR_INPUT = new Dialect("fanuc-calculator", false, true, false, 'K', GCode.G00, false, 1.0, false);
    public static final Dialect LINUXCNC = new Dialect("linuxcnc", false, false, true, 'L', null, true, 0.254, true);

    public static Dialect named(String name) {
        for (Dialect dialect : new Dialect[] {FANUC, FANUC_CALCULATOR_INPUT, LINUXCNC}) {
            if (dialect.name.equalsIgnoreCase(name)) {
                return dialect;
            }
        }
        throw new IllegalArgumentException("dialect must be fanuc, fanuc-calculator or linuxcnc, was \"" + name + '"');
    }
}
