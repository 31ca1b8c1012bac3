package org.cnctwin.twin;

import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * Which sequence numbers of a stream (a machine's samples or events) are already recorded: all up
 * to {@code contiguousTo}, plus the ones recorded beyond a gap. MQTT shared subscriptions give no
 * order per machine, so a late message must still be recorded, and only a real repeat is a
 * duplicate. A gap that stays open (the machine lost those messages) is given up once more than
 * {@link #MAX_AHEAD_OF_GAP} numbers wait behind it, so the tracker stays small.
 *
 * @param aheadOfGap recorded numbers above {@code contiguousTo + 1}, ascending
 */
public record SequenceTracker(long contiguousTo, List<Long> aheadOfGap) implements CborSerializable {

    static final int MAX_AHEAD_OF_GAP = 2_000;

    public static final SequenceTracker EMPTY = new SequenceTracker(-1, List.of());

    public SequenceTracker {
        aheadOfGap = List.copyOf(aheadOfGap);
    }

    public boolean isEmpty() {
        return contiguousTo < 0 && aheadOfGap.isEmpty();
    }

    public boolean contains(long sequenceNumber) {
        return sequenceNumber <= contiguousTo || Collections.binarySearch(aheadOfGap, sequenceNumber) >= 0;
    }

    /** The tracker after recording {@code sequenceNumbers}; the first ever recorded starts the count. */
    public SequenceTracker with(List<Long> sequenceNumbers) {
        if (sequenceNumbers.isEmpty()) {
            return this;
        }
        TreeSet<Long> ahead = new TreeSet<>(aheadOfGap);
        ahead.addAll(sequenceNumbers);
        long contiguous = isEmpty() ? ahead.first() - 1 : contiguousTo;
        while (true) {
            while (!ahead.isEmpty() && ahead.first() <= contiguous + 1) {
                contiguous = Math.max(contiguous, ahead.pollFirst());
            }
            if (ahead.size() <= MAX_AHEAD_OF_GAP) {
                return new SequenceTracker(contiguous, List.copyOf(ahead));
            }
            contiguous = ahead.first() - 1; // give the oldest gap up
        }
    }
}
