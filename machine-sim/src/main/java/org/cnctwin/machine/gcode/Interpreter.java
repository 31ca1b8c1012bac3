package org.cnctwin.machine.gcode;

import java.util.function.Consumer;

/**
 * Runs a program and emits its {@link CanonicalOperation}s: the FANUC milling feature list
 * (motion, arcs, planes, units, offsets, tool length, canned cycles, spindle, coolant, tools,
 * stops, subprograms, Custom Macro B). Plain deterministic Java: no I/O beyond what the
 * {@link ProgramLibrary} does, no threads. One instance runs one program at a time.
 *
 * <p>Blocks run in RS274NGC's order of execution within a block. Internally every length is in
 * millimetres; the machine position stays put when work offsets change, as on a real control, and
 * when the tool length offset changes in the linuxcnc dialect.
 */
public final class Interpreter {
    static final long DEFAULT_BLOCK_BUDGET = 10_000_000;
    private static final double ARC_ABSOLUTE_TOLERANCE_MM = 0.005;
    private static final double ARC_RELATIVE_TOLERANCE = 0.001;
    private static final String AXES = "XYZABC";
    /** G65 argument letters → local variable numbers (argument specification I). */
    private static final String G65_ARGUMENTS = "A1B2C3I4J5K6D7E8F9H11M13Q17R18S19T20U21V22W23X24Y25Z26";

    private final Dialect dialect;
    private final MachineProfile profile;
    private final ToolTable tools;
    private final long blockBudget;
    private final boolean blockDeleteSwitch;
    private final boolean optionalStopSwitch;
    private final Variables variables = new Variables();
    private final Evaluator evaluator = new Evaluator(variables);
    private final BlockChecker block;
    private final CannedCycles cycles;
    private final ProgramFlow flow;

    // ---- modal state; lengths in mm
    private Position work = Position.ORIGIN;
    private GCode motion;
    private Plane plane = Plane.XY;
    private boolean inch;
    private boolean incremental;
    private boolean feedPerRevolution;
    private double feedRate;
    private double spindleSpeedRpm;
    private int spindleDirection;
    private int toolNumber;
    private int selectedTool;
    private final CoordinateOffsets offsets = new CoordinateOffsets();
    private GCode cutterCompensation = GCode.G40;
    private double cutterRadius;
    private int lastRadiusRegister;
    private boolean mist;
    private boolean flood;
    private Position g28Home = Position.ORIGIN;
    private Position g30Home = Position.ORIGIN;
    private SourcePosition source;
    private long sequenceNumber = -1;

    // ---- the run

    private boolean ended;
    private long blocksRun;
    private Consumer<CanonicalOperation> out;

    private Interpreter(Builder builder) {
        this.dialect = builder.dialect;
        this.profile = builder.profile;
        this.tools = builder.tools;
        this.blockBudget = builder.blockBudget;
        this.blockDeleteSwitch = builder.blockDeleteSwitch;
        this.optionalStopSwitch = builder.optionalStopSwitch;
        this.block = new BlockChecker(dialect);
        this.cycles = new CannedCycles(dialect, new CycleMoves());
        this.flow = new ProgramFlow(builder.library, variables, evaluator);
        this.motion = dialect.motionAtStart();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The dialect programs for this interpreter must be parsed in. */
    public Dialect dialect() {
        return dialect;
    }

    /** Options for an interpreter; everything has a default. */
    public static final class Builder {
        private Dialect dialect = Dialect.FANUC;
        private MachineProfile profile = MachineProfile.UNLIMITED;
        private ToolTable tools = new ToolTable();
        private ProgramLibrary library = ProgramLibrary.NONE;
        private long blockBudget = DEFAULT_BLOCK_BUDGET;
        private boolean blockDeleteSwitch;
        private boolean optionalStopSwitch = true;

        public Builder dialect(Dialect value) {
            dialect = value;
            return this;
        }

        public Builder machine(MachineProfile value) {
            profile = value;
            return this;
        }

        public Builder tools(ToolTable value) {
            tools = value;
            return this;
        }

        public Builder library(ProgramLibrary value) {
            library = value;
            return this;
        }

        /** At most this many blocks run, so a loop that never ends is an error, not a hang. */
        public Builder blockBudget(long value) {
            blockBudget = value;
            return this;
        }

        /**
         * The block-delete switch: on, blocks starting with {@code /} are skipped; off (the default,
         * as on a control whose operator has not pressed it, and as rs274 runs) they run.
         */
        public Builder blockDelete(boolean value) {
            blockDeleteSwitch = value;
            return this;
        }

        /** The optional-stop switch: on (the default), M01 stops the program; off, M01 is ignored. */
        public Builder optionalStop(boolean value) {
            optionalStopSwitch = value;
            return this;
        }

        public Interpreter build() {
            return new Interpreter(this);
        }
    }

    /**
     * Runs {@code main} from its first block until M02/M30 or its end.
     *
     * @throws GcodeException for any error in the program, naming where
     */
    public void run(Program main, Consumer<CanonicalOperation> operations) {
        // LinuxCNC rounds convex corners with arcs; FANUC (type C) extends to the offsets' intersection.
        this.out = new CutterCompensation(operations, dialect.linuxCncRules());
        flow.start(main);
        while (!ended) {
            Block current = flow.next();
            if (current == null) {
                return;
            }
            if (++blocksRun > blockBudget) {
                throw new GcodeException(GcodeError.BLOCK_BUDGET_EXCEEDED, current.position(), "ran more than " + blockBudget + " blocks"
                        + (flow.lastJumpBack() != null ? "; the loop jumping back at " + flow.lastJumpBack() + " does not end" : ""));
            }
            if (current.blockDelete() && blockDeleteSwitch) {
                continue;
            }
            source = current.position();
            sequenceNumber = current.sequenceNumber();
            if (current.statement() != null) {
                flow.execute(current.statement());
            } else if (!current.words().isEmpty()) {
                executeBlock(current);
            }
        }
    }

    // ================================================================ one block, in order of execution

    private void executeBlock(Block current) {
        block.check(current, evaluator, motion, plane, inch, feedRate);
        if (block.g(ModalGroup.NON_MODAL) == GCode.G65) {
            callMacro();
            return;
        }
        GCode feedMode = block.g(ModalGroup.FEED_RATE_MODE);
        if (feedMode != null) {
            feedPerRevolution = feedMode == GCode.G95;
        }
        if (block.has('F')) {
            feedRate = block.value('F');
            if (!feedPerRevolution && feedRate > profile.maxFeedMmPerMin()) {
                throw block.error(GcodeError.FEED_LIMIT, block.position('F'), "F" + BlockChecker.formatted(feedRate) + " mm/min is more than "
                        + profile.name() + "'s maximum " + BlockChecker.formatted(profile.maxFeedMmPerMin()));
            }
        }
        boolean spindleChanged = false;
        if (block.has('S')) {
            double speed = block.value('S');
            if (speed > profile.maxSpindleSpeedRpm()) {
                throw block.error(GcodeError.SPINDLE_LIMIT, block.position('S'), "S" + BlockChecker.formatted(speed) + " rpm is more than "
                        + profile.name() + "'s maximum " + BlockChecker.formatted(profile.maxSpindleSpeedRpm()));
            }
            spindleChanged = speed != spindleSpeedRpm;
            spindleSpeedRpm = speed;
        }
        if (block.has('T')) {
            selectedTool = (int) block.value('T');
        }
        if (block.m(MCode.M06)) {
            int from = toolNumber;
            toolNumber = selectedTool;
            emit(new CanonicalOperation.ToolChange(from, toolNumber, snapshot()));
        }
        MCode spindle = block.m(ModalGroup.SPINDLE);
        if (spindle != null) {
            int direction = spindle == MCode.M03 ? 1 : spindle == MCode.M04 ? -1 : 0;
            spindleChanged |= direction != spindleDirection;
            spindleDirection = direction;
        }
        if (spindleChanged) {
            emit(new CanonicalOperation.SpindleChange(snapshot()));
        }
        if (block.m(ModalGroup.COOLANT) != null) {
            boolean off = block.m(MCode.M09);
            mist = !off && (mist || block.m(MCode.M07));
            flood = !off && (flood || block.m(MCode.M08));
            emit(new CanonicalOperation.CoolantChange(snapshot()));
        }
        GCode nonModal = block.g(ModalGroup.NON_MODAL);
        if (nonModal == GCode.G04) {
            emit(new CanonicalOperation.Dwell(dwellSeconds(), snapshot()));
        }
        GCode planeCode = block.g(ModalGroup.PLANE);
        if (planeCode != null) {
            plane = planeCode == GCode.G17 ? Plane.XY : planeCode == GCode.G18 ? Plane.ZX : Plane.YZ;
        }
        GCode units = block.g(ModalGroup.UNITS);
        if (units != null) {
            inch = units == GCode.G20;
        }
        setCutterCompensation(block.g(ModalGroup.CUTTER_COMPENSATION));
        setToolLength(block.g(ModalGroup.TOOL_LENGTH));
        setWorkCoordinateSystem(block.g(ModalGroup.WORK_COORDINATES));
        GCode returnLevel = block.g(ModalGroup.RETURN_LEVEL);
        if (returnLevel != null) {
            cycles.returnLevel(returnLevel);
        }
        GCode distance = block.g(ModalGroup.DISTANCE);
        if (distance != null) {
            incremental = distance == GCode.G91;
        }
        if (nonModal == GCode.G10) {
            setOffsetsG10();
        } else if (nonModal == GCode.G28 || nonModal == GCode.G30) {
            returnToReference(nonModal == GCode.G28 ? g28Home : g30Home);
        } else if (nonModal == GCode.G92) {
            work = offsets.setG92(block, work);
        } else if (nonModal == GCode.G92_1) {
            work = offsets.clearG92(work);
        }
        GCode motionCode = block.motion();
        boolean cycleSeriesRunning = motion != null && motion.isCannedCycle();
        if (motionCode != null) {
            motion = motionCode;
        }
        if (motion != null && motion.isCannedCycle() && !cycleSeriesRunning) {
            cycles.startSeries(work.get(plane.normal));
        }
        boolean axisWordsTaken = nonModal == GCode.G10 || nonModal == GCode.G28 || nonModal == GCode.G30 || nonModal == GCode.G92
                || (nonModal == GCode.G04 && dialect.dwellPInMilliseconds());
        if (!axisWordsTaken && (block.hasAxisWords() || block.motionWordAlone() || block.isFullCircle(motion)
                || (motion != null && motion.isCannedCycle() && block.has('R')))) {
            move(nonModal == GCode.G53);
        }
        MCode stop = block.m(ModalGroup.STOPPING);
        if (stop != null && (stop != MCode.M01 || optionalStopSwitch)) {
            emit(new CanonicalOperation.ProgramStop(stop, snapshot()));
            if (stop == MCode.M02 || stop == MCode.M30) {
                ended = true;
                return;
            }
        }
        if (block.m(MCode.M98)) {
            callSubprogram();
        } else if (block.m(MCode.M99)) {
            flow.returnFromCall(block.has('P') ? (long) block.value('P') : -1, block);
        }
    }

    private double dwellSeconds() {
        if (block.has('X') && dialect.dwellPInMilliseconds()) {
            return block.value('X') / (inch ? 25.4 : 1); // FANUC G04 X<seconds>: undo the length scaling
        }
        double p = block.value('P');
        if (dialect.dwellPInMilliseconds()) {
            if (block.writtenWithDecimalPoint('P')) {
                throw block.error(GcodeError.INTEGER_REQUIRED, block.position('P'), "G04 P is in milliseconds and takes no decimal point; use X for seconds");
            }
            return p / 1000;
        }
        return p;
    }

    // ================================================================ offsets

    /** G41/G42 take their radius from D (FANUC: offset register, LinuxCNC: tool number), else (FANUC) the last D or the tool in the spindle. */
    private void setCutterCompensation(GCode code) {
        if (code == null) {
            return;
        }
        if (code == GCode.G40) {
            cutterCompensation = GCode.G40;
            cutterRadius = 0;
            return;
        }
        if (cutterCompensation != GCode.G40 && code != cutterCompensation) {
            throw block.error(GcodeError.CUTTER_COMPENSATION, block.blockPosition(), "switching between G41 and G42 needs G40 first");
        }
        // Without D, FANUC keeps the last D register; LinuxCNC takes the tool in the spindle.
        int register = block.has('D') ? (int) block.value('D') : lastRadiusRegister > 0 && !dialect.linuxCncRules() ? lastRadiusRegister : toolNumber;
        ToolTable.Entry entry = tools.get(register);
        if (entry == null) {
            throw block.error(GcodeError.UNKNOWN_TOOL, block.position('D'), (block.has('D') ? "D" : "tool ") + register + " has no entry in the tool table");
        }
        lastRadiusRegister = register;
        cutterCompensation = code;
        cutterRadius = entry.effectiveRadiusMm();
    }

    private void setToolLength(GCode code) {
        if (code == null) {
            return;
        }
        double offset = 0;
        if (code != GCode.G49) {
            int register = block.has('H') ? (int) block.value('H') : toolNumber;
            ToolTable.Entry entry = tools.get(register);
            if (entry == null && register != 0) {
                throw block.error(GcodeError.UNKNOWN_TOOL, block.position('H'), "H" + register + " has no entry in the tool table");
            }
            offset = entry == null ? 0 : (code == GCode.G44 ? -1 : 1) * entry.effectiveLengthMm();
        }
        // LinuxCNC keeps the machine still, except after a tool change in the same block, where rs274
        // reads its position back and so undoes the shift; FANUC keeps the programmed tool tip.
        work = offsets.setToolLength(offset, dialect.linuxCncRules() && !block.m(MCode.M06), work);
    }

    private void setWorkCoordinateSystem(GCode code) {
        if (code != null) {
            work = offsets.selectSystem(code, block, work);
        }
    }

    private void setOffsetsG10() {
        int l = (int) block.value('L');
        int p = (int) block.value('P');
        switch (l) {
            case 2, 20 -> work = offsets.setWorkOffset(l, block, incremental, work);
            case 10, 11, 12, 13 -> {
                if (!block.has('R')) {
                    throw block.error(GcodeError.WORD_MISSING, block.blockPosition(), "G10 L" + l + " needs R<value>");
                }
                double r = block.value('R');
                ToolTable.Entry entry = tools.has(p) ? tools.get(p) : new ToolTable.Entry(0, 0);
                tools.put(p, switch (l) {
                    case 10 -> new ToolTable.Entry(r, entry.radiusMm(), entry.lengthWearMm(), entry.radiusWearMm());
                    case 11 -> new ToolTable.Entry(entry.lengthMm(), entry.radiusMm(), r, entry.radiusWearMm());
                    case 12 -> new ToolTable.Entry(entry.lengthMm(), r, entry.lengthWearMm(), entry.radiusWearMm());
                    default -> new ToolTable.Entry(entry.lengthMm(), entry.radiusMm(), entry.lengthWearMm(), r);
                });
            }
            default -> throw block.error(GcodeError.WORD_NOT_ALLOWED, block.position('L'), "G10 L" + l + " is not supported; use L2, L20 or L10-L13");
        }
    }

    // ================================================================ motion

    /** The block's end point: axis words read as absolute or incremental, others unchanged. */
    private Position target(boolean machineCoordinates) {
        Position base = machineCoordinates ? offsets.machinePosition(work) : work;
        boolean relative = incremental && !machineCoordinates;
        Position target = new Position(axisTarget('X', base.x(), relative), axisTarget('Y', base.y(), relative), axisTarget('Z', base.z(), relative),
                axisTarget('A', base.a(), relative), axisTarget('B', base.b(), relative), axisTarget('C', base.c(), relative));
        return machineCoordinates ? offsets.workFromMachine(target) : target;
    }

    private double axisTarget(char letter, double current, boolean relative) {
        double value = block.value(letter);
        return Double.isNaN(value) ? current : relative ? current + value : value;
    }

    private void move(boolean machineCoordinates) {
        if (motion.isCannedCycle()) {
            cycles.run(block, motion, plane, incremental);
            return;
        }
        Position end = target(machineCoordinates);
        if (motion == GCode.G00) {
            traverse(end);
        } else if (motion == GCode.G01) {
            feed(end);
        } else {
            arc(end, motion == GCode.G02);
        }
    }

    private void traverse(Position end) {
        Position start = work;
        arrive(end);
        emit(new CanonicalOperation.Traverse(start, snapshot()));
    }

    private void feed(Position end) {
        Position start = work;
        arrive(end);
        emit(new CanonicalOperation.LinearFeed(start, snapshot()));
    }

    private void arrive(Position end) {
        checkTravel(end);
        work = end;
    }

    /** Whether the work-coordinate point {@code workPoint} lies within the machine's travel (read without building its machine position). */
    private void checkTravel(Position workPoint) {
        Position offset = offsets.machineOffset();
        for (int axis = 0; axis < 3; axis++) {
            double value = workPoint.get(axis) + offset.get(axis);
            if (value < profile.travelMinMm()[axis] - 1e-9 || value > profile.travelMaxMm()[axis] + 1e-9) {
                throw block.error(GcodeError.TRAVEL_LIMIT, block.blockPosition(), AXES.charAt(axis) + " would reach "
                        + String.format("%.3f", value) + " mm in machine coordinates, outside " + profile.name() + "'s travel "
                        + BlockChecker.formatted(profile.travelMinMm()[axis]) + " to " + BlockChecker.formatted(profile.travelMaxMm()[axis]));
            }
        }
    }

    private void arc(Position end, boolean clockwise) {
        Position start = work;
        int u = plane.first;
        int v = plane.second;
        double du = end.get(u) - start.get(u);
        double dv = end.get(v) - start.get(v);
        double centerU;
        double centerV;
        if (block.has('R')) {
            double radius = block.value('R');
            double chordSquared = du * du + dv * dv;
            if (chordSquared == 0) {
                throw block.error(GcodeError.ARC_GEOMETRY, block.position('R'), "an R arc cannot be a full circle; use I/J/K");
            }
            double hSquared = 4 * radius * radius - chordSquared;
            if (hSquared < -1e-9) {
                throw block.error(GcodeError.ARC_GEOMETRY, block.position('R'), String.format("R%.4f is less than half the chord %.4f", Math.abs(radius),
                        Math.sqrt(chordSquared) / 2));
            }
            // grbl's construction, in the plane's (first, second) coordinates
            double h = -Math.sqrt(Math.max(0, hSquared)) / Math.sqrt(chordSquared);
            if (!clockwise) {
                h = -h;
            }
            if (radius < 0) {
                h = -h;
            }
            centerU = start.get(u) + 0.5 * (du - dv * h);
            centerV = start.get(v) + 0.5 * (dv + du * h);
        } else {
            centerU = start.get(u) + offsetWord(u);
            centerV = start.get(v) + offsetWord(v);
            double startRadius = distance(start.get(u) - centerU, start.get(v) - centerV);
            double endRadius = distance(end.get(u) - centerU, end.get(v) - centerV);
            double difference = Math.abs(endRadius - startRadius);
            if (difference > ARC_ABSOLUTE_TOLERANCE_MM && difference > ARC_RELATIVE_TOLERANCE * startRadius) {
                throw block.error(GcodeError.ARC_GEOMETRY, block.blockPosition(), String.format(
                        "the end point is %.4f mm from the arc's center but the start is %.4f mm from it", endRadius, startRadius));
            }
        }
        Position center = start.with(u, centerU).with(v, centerV);
        int extraTurns = dialect.linuxCncRules() && block.has('P') ? Math.max(0, (int) block.value('P') - 1) : 0;
        checkArcTravel(start, end, center, clockwise);
        work = end;
        emit(new CanonicalOperation.ArcFeed(start, center, clockwise, extraTurns, snapshot()));
    }

    /** Math.hypot guards against overflow that machine coordinates never reach, at many times the cost. */
    private static double distance(double du, double dv) {
        return Math.sqrt(du * du + dv * dv);
    }

    /** I, J or K for axis 0, 1 or 2: the center's offset from the start. */
    private double offsetWord(int axis) {
        char letter = "IJK".charAt(axis);
        return block.has(letter) ? block.value(letter) : 0;
    }

    /** Checks the arc's end and its extreme points (where it crosses the directions +u, +v, -u, -v from its center). */
    private void checkArcTravel(Position start, Position end, Position center, boolean clockwise) {
        checkTravel(end);
        ArcGeometry.forEachExtremePoint(plane, start, end, center, clockwise, this::checkTravel);
    }

    private void returnToReference(Position homeMachine) {
        Position intermediate = target(false);
        boolean anyAxis = block.hasAxisWords();
        if (anyAxis) {
            traverse(intermediate);
        }
        Position home = offsets.workFromMachine(homeMachine);
        Position end = work;
        for (int axis = 0; axis < AXES.length(); axis++) {
            if (!anyAxis && !dialect.linuxCncRules()) {
                break; // FANUC: G28 without axis words moves nothing
            }
            if (!anyAxis || block.has(AXES.charAt(axis))) {
                end = end.with(axis, home.get(axis));
            }
        }
        traverse(end);
    }

    /** The interpreter's moves as the canned cycles see them. */
    private final class CycleMoves implements CannedCycles.Moves {
        @Override
        public Position work() {
            return work;
        }

        @Override
        public int spindleDirection() {
            return spindleDirection;
        }

        @Override
        public void traverse(Position end) {
            Interpreter.this.traverse(end);
        }

        @Override
        public void feed(Position end) {
            Interpreter.this.feed(end);
        }

        @Override
        public void dwell(double seconds) {
            if (seconds > 0) {
                emit(new CanonicalOperation.Dwell(seconds, snapshot()));
            }
        }

        @Override
        public void spindle(int direction) {
            if (direction != spindleDirection) {
                spindleDirection = direction;
                emit(new CanonicalOperation.SpindleChange(snapshot()));
            }
        }

        @Override
        public void operatorStop() {
            emit(new CanonicalOperation.ProgramStop(MCode.M00, snapshot()));
        }
    }

    // ================================================================ subprograms and macros

    private void callSubprogram() {
        int p = (int) block.value('P');
        int repeats = block.has('L') ? (int) block.value('L') : 1;
        if (!block.has('L') && p > 9999) { // FANUC packed form: M98 P<repeats><program4>
            repeats = p / 10_000;
            p %= 10_000;
        }
        flow.call(p, repeats, false, block);
    }

    private void callMacro() {
        double[] arguments = Variables.vacant(33);
        for (int i = 0; i < G65_ARGUMENTS.length(); ) {
            char letter = G65_ARGUMENTS.charAt(i++);
            int end = i;
            while (end < G65_ARGUMENTS.length() && Character.isDigit(G65_ARGUMENTS.charAt(end))) {
                end++;
            }
            int variable = Integer.parseInt(G65_ARGUMENTS.substring(i, end));
            i = end;
            if (block.has(letter)) {
                arguments[variable - 1] = rawArgument(letter);
            }
        }
        variables.pushLocals(arguments);
        flow.call((int) block.value('P'), block.has('L') ? (int) block.value('L') : 1, true, block);
    }

    /** G65 arguments are values, not positions: undo the unit and increment scaling of dimension words. */
    private double rawArgument(char letter) {
        double value = block.value(letter);
        if (BlockChecker.isDimension(letter)) {
            double unitMm = inch ? 25.4 : 1;
            value /= unitMm;
            if (dialect.leastInputIncrementRule() && !block.writtenWithDecimalPoint(letter)) {
                value /= inch ? 0.0001 : 0.001;
            }
        } else if (letter == 'F') {
            value /= inch ? 25.4 : 1;
        }
        return value;
    }

    // ================================================================ output

    private void emit(CanonicalOperation operation) {
        out.accept(operation);
    }

    /** The modes of the last snapshot, shared by the next ones while none of them changes. */
    private ModalState.Modes modes;

    private ModalState snapshot() {
        Position offset = offsets.machineOffset();
        ModalState.Modes last = modes;
        if (last == null || last.plane() != plane || last.inchUnits() != inch || last.incremental() != incremental
                || last.feedPerRevolution() != feedPerRevolution || last.feedRate() != feedRate || last.spindleSpeedRpm() != spindleSpeedRpm
                || last.spindleDirection() != spindleDirection || last.toolNumber() != toolNumber || last.workCoordinateSystem() != offsets.workCoordinateSystem()
                || last.toolLengthOffsetMm() != offsets.toolLengthOffsetMm() || last.cutterCompensation() != cutterCompensation
                || last.cutterRadiusMm() != cutterRadius || last.mistCoolant() != mist || last.floodCoolant() != flood || last.machineOffset() != offset) {
            modes = new ModalState.Modes(plane, inch, incremental, feedPerRevolution, feedRate, spindleSpeedRpm, spindleDirection, toolNumber,
                    offsets.workCoordinateSystem(), offsets.toolLengthOffsetMm(), cutterCompensation, cutterRadius, mist, flood, offset);
        }
        return new ModalState(source, sequenceNumber, work, motion, modes);
    }
}
