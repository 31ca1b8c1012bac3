package org.cnctwin.machine.gcode;

import java.util.List;

/**
 * One line of a program as parsed, before any value is evaluated.
 *
 * @param sequenceNumber the N number, or -1
 * @param programNumber the O number that starts a program or subprogram here, or -1
 * @param blockDelete the block began with {@code /}: skipped while the block-delete switch is on
 * @param statement a macro statement, or null
 */
public record Block(SourcePosition position, long sequenceNumber, int programNumber, boolean blockDelete, List<Word> words,
                    Statement statement, String comment) {

    public Block {
        words = List.copyOf(words);
    }

    public boolean isEmpty() {
        return words.isEmpty() && statement == null && programNumber < 0;
    }
}
