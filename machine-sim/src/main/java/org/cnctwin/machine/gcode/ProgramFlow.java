package org.cnctwin.machine.gcode;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Which block runs next: the following one, or where a macro statement (GOTO, IF, WHILE/END)
 * jumps, a subprogram or macro call (M98, G65) enters, or M99 returns. It runs the statements
 * itself; the interpreter runs the blocks of words it hands out.
 */
final class ProgramFlow {

    /** FANUC allows 4 levels of M98/G65 nesting. */
    static final int MAX_CALL_DEPTH = 4;

    /** A call in progress: where to return, where the subprogram starts again, and how often. */
    private record Frame(Program program, int returnIndex, int startIndex, int repeatsLeft, boolean macroCall) {}

    private final ProgramLibrary library;
    private final Variables variables;
    private final Evaluator evaluator;
    private final Deque<Frame> calls = new ArrayDeque<>();
    private Program program;
    private int nextIndex;
    private int currentIndex;
    private SourcePosition current;
    /** The last jump backwards, named when a loop runs out of block budget. */
    private SourcePosition lastJumpBack;

    ProgramFlow(ProgramLibrary library, Variables variables, Evaluator evaluator) {
        this.library = library;
        this.variables = variables;
        this.evaluator = evaluator;
    }

    void start(Program main) {
        program = main;
        nextIndex = 0;
    }

    /** The next block to run, or null when the main program has no more; a subprogram file that ends without M99 returns. */
    Block next() {
        while (nextIndex >= program.blocks().size()) {
            if (calls.isEmpty()) {
                return null;
            }
            returnFromCall(-1, null);
        }
        currentIndex = nextIndex++;
        Block block = program.blocks().get(currentIndex);
        current = block.position();
        return block;
    }

    SourcePosition lastJumpBack() {
        return lastJumpBack;
    }

    /** Runs the macro statement of the block {@link #next()} returned last. */
    void execute(Statement statement) {
        if (statement instanceof Statement.Assignment assignment) {
            assign(assignment);
        } else if (statement instanceof Statement.IfThen ifThen) {
            if (evaluator.condition(ifThen.condition())) {
                assign(ifThen.then());
            }
        } else if (statement instanceof Statement.Goto jump) {
            if (jump.condition() == null || evaluator.condition(jump.condition())) {
                double target = evaluator.required(jump.sequenceNumber(), "a GOTO target");
                int found = program.indexOfSequence((long) target, currentIndex + 1);
                if (found < 0) {
                    throw new GcodeException(GcodeError.UNDEFINED_LABEL, current, "GOTO " + BlockChecker.formatted(target) + ": no block N"
                            + BlockChecker.formatted(target));
                }
                if (found <= currentIndex) {
                    lastJumpBack = current;
                }
                nextIndex = found;
            }
        } else if (statement instanceof Statement.WhileDo whileDo) {
            if (!evaluator.condition(whileDo.condition())) {
                nextIndex = program.loopPartner(currentIndex) + 1;
            }
        } else if (statement instanceof Statement.End) {
            lastJumpBack = current;
            nextIndex = program.loopPartner(currentIndex);
        }
    }

    private void assign(Statement.Assignment assignment) {
        double value = evaluator.evaluate(assignment.value());
        if (assignment.variable() instanceof Expression.NamedVariable named) {
            variables.setNamed(named.name(), value);
            return;
        }
        Expression.Variable variable = (Expression.Variable) assignment.variable();
        variables.set(evaluator.variableNumber(variable), value, Evaluator.variablePosition(variable));
    }

    /** M98 or G65 in {@code block}: enter O{@code programNumber} of this file or the library, {@code repeats} times. */
    void call(int programNumber, int repeats, boolean macroCall, BlockChecker block) {
        if (calls.size() >= MAX_CALL_DEPTH) {
            throw block.error(GcodeError.NESTING_TOO_DEEP, block.blockPosition(), "calls nested deeper than " + MAX_CALL_DEPTH);
        }
        Program target = program;
        int start = program.startOf(programNumber);
        if (start < 0) {
            target = library.find(programNumber).orElseThrow(() -> block.error(GcodeError.SUBPROGRAM_NOT_FOUND, block.position('P'),
                    String.format("O%04d is neither in %s nor in the program library", programNumber, program.file())));
            start = Math.max(0, target.startOf(programNumber));
        }
        if (repeats < 1) {
            if (macroCall) {
                variables.popLocals();
            }
            return;
        }
        calls.push(new Frame(program, nextIndex, start + 1, repeats, macroCall));
        program = target;
        nextIndex = start + 1;
    }

    /**
     * M99 in {@code block}: repeat the subprogram if repeats remain, else return (to
     * N{@code returnSequence} when it is not negative); in the main program, start it again.
     */
    void returnFromCall(long returnSequence, BlockChecker block) {
        if (calls.isEmpty()) {
            lastJumpBack = current;
            nextIndex = 0; // FANUC: M99 in the main program starts it again
            return;
        }
        Frame frame = calls.pop();
        if (frame.repeatsLeft() > 1) {
            calls.push(new Frame(frame.program(), frame.returnIndex(), frame.startIndex(), frame.repeatsLeft() - 1, frame.macroCall()));
            lastJumpBack = current;
            nextIndex = frame.startIndex();
            return;
        }
        if (frame.macroCall()) {
            variables.popLocals();
        }
        program = frame.program();
        nextIndex = frame.returnIndex();
        if (returnSequence >= 0) {
            int found = program.indexOfSequence(returnSequence, nextIndex);
            if (found < 0) {
                throw block.error(GcodeError.UNDEFINED_LABEL, block.position('P'), "M99 P" + returnSequence + ": no block N" + returnSequence
                        + " in " + program.file());
            }
            nextIndex = found;
        }
    }
}
