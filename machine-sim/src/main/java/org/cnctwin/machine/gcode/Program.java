package org.cnctwin.machine.gcode;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed program file: its blocks, where each N number and O number is, and which WHILE pairs
 * with which END (checked at load, so an unbalanced loop is reported before anything runs).
 */
public final class Program {

    private final String file;
    private final List<Block> blocks;
    private final Map<Integer, Integer> programStarts = new HashMap<>();
    private final int[] loopPartner;

    /** @param blocks a list nobody else holds: kept without a copy */
    private Program(String file, List<Block> blocks) {
        this.file = file;
        this.blocks = Collections.unmodifiableList(blocks);
        this.loopPartner = new int[blocks.size()];
        Deque<Integer> openLoops = new ArrayDeque<>();
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            if (block.programNumber() >= 0) {
                programStarts.putIfAbsent(block.programNumber(), i);
            }
            if (block.statement() instanceof Statement.WhileDo) {
                openLoops.push(i);
            } else if (block.statement() instanceof Statement.End end) {
                if (openLoops.isEmpty() || ((Statement.WhileDo) blocks.get(openLoops.peek()).statement()).loopId() != end.loopId()) {
                    throw new GcodeException(GcodeError.UNBALANCED_LOOP, block.position(), "END " + end.loopId() + " has no WHILE ... DO " + end.loopId() + " open");
                }
                int whileAt = openLoops.pop();
                loopPartner[whileAt] = i;
                loopPartner[i] = whileAt;
            }
        }
        if (!openLoops.isEmpty()) {
            Block open = blocks.get(openLoops.peek());
            throw new GcodeException(GcodeError.UNBALANCED_LOOP, open.position(),
                    "DO " + ((Statement.WhileDo) open.statement()).loopId() + " has no END");
        }
    }

    public static Program parse(String file, String text, Dialect dialect) {
        return new Program(file, new Parser(dialect).parse(file, text));
    }

    public String file() {
        return file;
    }

    public List<Block> blocks() {
        return blocks;
    }

    /** @return the index of the block holding O{@code number}, or -1 */
    int startOf(int programNumber) {
        return programStarts.getOrDefault(programNumber, -1);
    }

    /**
     * @return the index of the block with N{@code sequenceNumber}, searching from {@code from}
     *     onwards and then from the start (FANUC searches forward first), or -1
     */
    int indexOfSequence(long sequenceNumber, int from) {
        for (int pass = 0; pass < 2; pass++) {
            int start = pass == 0 ? from : 0;
            int end = pass == 0 ? blocks.size() : from;
            for (int i = start; i < end; i++) {
                if (blocks.get(i).sequenceNumber() == sequenceNumber) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The END of the WHILE at {@code index}, or the WHILE of the END at {@code index}. */
    int loopPartner(int index) {
        return loopPartner[index];
    }
}
