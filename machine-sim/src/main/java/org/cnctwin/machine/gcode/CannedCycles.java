package org.cnctwin.machine.gcode;

/**
 * The canned cycles (G73 G74 G76 G81–G89) of one program run: their modal values (R, the hole
 * bottom, Q, the dwell, the return level and the series' initial level) and the moves each
 * cycle block makes, in the plane the interpreter says, through the {@link Moves} it is given.
 */
final class CannedCycles {

    private static final String AXES = "XYZABC";

    /** What a cycle needs of the interpreter: where the tool is and the moves it may make. */
    interface Moves {
        Position work();

        int spindleDirection();

        void traverse(Position end);

        void feed(Position end);

        /** A dwell; zero seconds is no dwell. */
        void dwell(double seconds);

        /** Starts (1, -1) or stops (0) the spindle, if it is not so already. */
        void spindle(int direction);

        /** G88: the program stops so that the operator can retract by hand. */
        void operatorStop();
    }

    private final Dialect dialect;
    private final Moves moves;
    private boolean returnToR;
    private double r = Double.NaN;
    private double bottom = Double.NaN;
    private double q = Double.NaN;
    private double dwellS;
    private double initialLevel;

    CannedCycles(Dialect dialect, Moves moves) {
        this.dialect = dialect;
        this.moves = moves;
    }

    /** G98 (back to the initial level of the series) or G99 (back to R). */
    void returnLevel(GCode code) {
        returnToR = code == GCode.G99;
    }

    /** A new series of cycles starts with the tool at {@code level} along the drilling axis. */
    void startSeries(double level) {
        initialLevel = level;
    }

    /**
     * One canned-cycle block, as FANUC and LinuxCNC 2.9 do it: start from the initial level of the
     * series (G98) or where the tool is (G99), climb to R if below it, then per repeat rapid over
     * the hole, down to R, run the cycle, and leave the tool at the return level.
     */
    void run(BlockChecker block, GCode motion, Plane plane, boolean incremental) {
        int aa = plane.first; // positioning axes and drilling axis, LinuxCNC's aa, bb, cc
        int bb = plane.second;
        int cc = plane.normal;
        char bottomLetter = AXES.charAt(cc);
        if (block.has(bottomLetter)) {
            bottom = block.value(bottomLetter);
        }
        if (block.has('R')) {
            r = block.value('R');
        }
        if (block.has('Q')) {
            q = block.value('Q');
        }
        if (block.has('P')) {
            dwellS = dialect.dwellPInMilliseconds() ? block.value('P') / 1000 : block.value('P');
        }
        Position work = moves.work();
        double oldCc = returnToR ? work.get(cc) : initialLevel;
        double rLevel;
        double bottomLevel;
        double aaPosition = work.get(aa);
        double bbPosition = work.get(bb);
        double aaIncrement = 0;
        double bbIncrement = 0;
        if (incremental) {
            rLevel = r + oldCc;
            bottomLevel = rLevel + bottom;
            aaIncrement = block.has(AXES.charAt(aa)) ? block.value(AXES.charAt(aa)) : 0;
            bbIncrement = block.has(AXES.charAt(bb)) ? block.value(AXES.charAt(bb)) : 0;
        } else {
            rLevel = r;
            bottomLevel = bottom;
            aaPosition = block.has(AXES.charAt(aa)) ? block.value(AXES.charAt(aa)) : aaPosition;
            bbPosition = block.has(AXES.charAt(bb)) ? block.value(AXES.charAt(bb)) : bbPosition;
        }
        if (motion == GCode.G87) {
            backBore(block, plane, aaPosition, bbPosition, rLevel, bottomLevel);
            return;
        }
        if (rLevel < bottomLevel) {
            throw block.error(GcodeError.CYCLE_R_BELOW_BOTTOM, block.position('R'), String.format("R level %.4f is below the hole bottom %s%.4f",
                    rLevel, bottomLetter, bottomLevel));
        }
        if (oldCc < rLevel) {
            moves.traverse(moves.work().with(cc, rLevel)); // climbs from below R at the current position
            oldCc = rLevel;
        }
        double clear = returnToR ? rLevel : oldCc;
        char repeatLetter = dialect.cycleRepeatLetter();
        int repeats = block.has(repeatLetter) ? (int) block.value(repeatLetter) : 1;
        for (int repeat = 0; repeat < repeats; repeat++) {
            aaPosition += aaIncrement;
            bbPosition += bbIncrement;
            Position over = moves.work().with(aa, aaPosition).with(bb, bbPosition);
            moves.traverse(over.with(cc, oldCc));
            if (oldCc != rLevel) {
                moves.traverse(over.with(cc, rLevel));
            }
            cycle(block, motion, plane, rLevel, bottomLevel, clear);
            oldCc = clear;
        }
    }

    private void cycle(BlockChecker block, GCode motion, Plane plane, double rLevel, double bottomLevel, double clear) {
        int cc = plane.normal;
        switch (motion) {
            case G81 -> {
                feedTo(cc, bottomLevel);
                traverseTo(cc, clear);
            }
            case G82 -> {
                feedTo(cc, bottomLevel);
                moves.dwell(dwellS);
                traverseTo(cc, clear);
            }
            case G73, G83 -> peck(block, motion, cc, rLevel, bottomLevel, clear);
            case G84, G74 -> {
                int cutting = motion == GCode.G84 ? 1 : -1;
                feedTo(cc, bottomLevel);
                moves.dwell(dwellS);
                moves.spindle(-cutting);
                feedTo(cc, rLevel);
                moves.spindle(cutting);
                if (clear != rLevel) {
                    traverseTo(cc, clear);
                }
            }
            case G85, G89 -> {
                feedTo(cc, bottomLevel);
                if (motion == GCode.G89) {
                    moves.dwell(dwellS);
                }
                // Bores on the way out too, up to R, then rapids to the return level; LinuxCNC's G89
                // alone feeds all the way out, and its G85 rapids even when R is the return level.
                double feedOutTo = motion == GCode.G89 && dialect.linuxCncRules() ? clear : rLevel;
                feedTo(cc, feedOutTo);
                if (feedOutTo != clear || (motion == GCode.G85 && dialect.linuxCncRules())) {
                    traverseTo(cc, clear);
                }
            }
            case G86 -> {
                int direction = moves.spindleDirection();
                feedTo(cc, bottomLevel);
                moves.dwell(dwellS);
                moves.spindle(0);
                traverseTo(cc, clear);
                moves.spindle(direction);
            }
            case G76 -> fineBore(plane, bottomLevel, clear);
            case G88 -> {
                int direction = moves.spindleDirection();
                feedTo(cc, bottomLevel);
                moves.dwell(dwellS);
                moves.spindle(0);
                moves.operatorStop();
                traverseTo(cc, clear);
                moves.spindle(direction);
            }
            default -> throw new IllegalStateException(motion.label());
        }
    }

    /** G73 breaks the chip with a short retract; G83 clears it by leaving the hole to R (FANUC and LinuxCNC 2.9 alike). */
    private void peck(BlockChecker block, GCode motion, int cc, double rLevel, double bottomLevel, double clear) {
        if (!(q > 0)) {
            throw block.error(GcodeError.NEGATIVE_VALUE, block.position('Q'), "Q (peck depth) must be positive");
        }
        double retract = dialect.peckRetractMm();
        for (double depth = rLevel - q; depth > bottomLevel; depth -= q) {
            feedTo(cc, depth);
            if (motion == GCode.G83) {
                traverseTo(cc, rLevel);
            }
            traverseTo(cc, depth + retract);
        }
        feedTo(cc, bottomLevel);
        traverseTo(cc, clear);
    }

    /**
     * FANUC G87 back boring: R is the bottom of the bore, below Z. Over the hole at the initial
     * level the spindle stops oriented and shifts off by Q, rapids down through the hole to R,
     * shifts back and starts, feeds up to Z, stops oriented, shifts, leaves to the initial level,
     * shifts back and starts again. It always returns to the initial level.
     */
    private void backBore(BlockChecker block, Plane plane, double aaPosition, double bbPosition, double rLevel, double top) {
        int cc = plane.normal;
        if (rLevel > top) {
            throw block.error(GcodeError.CYCLE_R_BELOW_BOTTOM, block.position('R'), String.format(
                    "G87 bores upwards from R: R %.4f must be below the bore top %s%.4f", rLevel, AXES.charAt(cc), top));
        }
        int direction = moves.spindleDirection();
        int restart = direction == 0 ? 1 : direction;
        double initial = Math.max(initialLevel, moves.work().get(cc));
        moves.traverse(moves.work().with(plane.first, aaPosition).with(plane.second, bbPosition).with(cc, initial));
        moves.spindle(0);
        shift(plane, -1);
        traverseTo(cc, rLevel);
        shift(plane, 1);
        moves.spindle(restart);
        feedTo(cc, top);
        moves.dwell(dwellS);
        moves.spindle(0);
        shift(plane, -1);
        traverseTo(cc, initial);
        shift(plane, 1);
        moves.spindle(restart);
    }

    /** G76: bore, stop the spindle oriented, shift off the wall by Q, leave, shift back. */
    private void fineBore(Plane plane, double bottomLevel, double clear) {
        int direction = moves.spindleDirection();
        feedTo(plane.normal, bottomLevel);
        moves.dwell(dwellS);
        moves.spindle(0);
        shift(plane, -1);
        traverseTo(plane.normal, clear);
        shift(plane, 1);
        moves.spindle(direction);
    }

    /** The oriented spindle's shift off the wall, by Q along the plane's first axis ({@code sign} -1) and back (+1). */
    private void shift(Plane plane, int sign) {
        double by = Double.isNaN(q) ? 0 : q;
        Position work = moves.work();
        moves.traverse(work.with(plane.first, work.get(plane.first) + sign * by));
    }

    private void feedTo(int axis, double value) {
        moves.feed(moves.work().with(axis, value));
    }

    private void traverseTo(int axis, double value) {
        moves.traverse(moves.work().with(axis, value));
    }
}
