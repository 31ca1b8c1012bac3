package org.cnctwin.twin;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * Which sequence numbers of a stream (a machine's samples or events) are already recorded: a run
 * from {@code contiguousFrom} to {@code contiguousTo}, plus the numbers recorded apart from it,
 * above a gap or below the run. MQTT shared subscriptions give no order per machine, so even the
 * first batch a twin sees may not be the machine's first: a late message must still be recorded,
 * and only a real repeat is a duplicate. A gap that stays open (the machine lost those messages)
 * is given up once more than {@link #MAX_APART} numbers wait apart from the run, so the tracker
 * stays small.
 *
 * @param apart recorded numbers outside the run and not next to it, ascending (snapshots before the
 *              run had a lower end called it {@code aheadOfGap}; their run starts at 0)
 */
public record SequenceTracker(long contiguousFrom, long contiguousTo, @JsonAlias("aheadOfGap") List<Long> apart) implements CborSerializable {

    static final int MAX_APART = 2_000;

    public static final SequenceTracker EMPTY = new SequenceTracker(0, -1, List.of());

    public SequenceTracker {
        apart = apart == null ? List.of() : List.copyOf(apart);
    }

    @JsonIgnore // a question, not a field of the twin document
    public boolean isEmpty() {
        return contiguousTo < contiguousFrom && apart.isEmpty();
    }

    public boolean contains(long sequenceNumber) {
        return sequenceNumber >= contiguousFrom && sequenceNumber <= contiguousTo || Collections.binarySearch(apart, sequenceNumber) >= 0;
    }

    /** The tracker after recording {@code sequenceNumbers}; the first ever recorded starts the run. */
    public SequenceTracker with(List<Long> sequenceNumbers) {
        if (sequenceNumbers.isEmpty()) {
            return this;
        }
        TreeSet<Long> rest = new TreeSet<>(apart);
        rest.addAll(sequenceNumbers);
        long from = contiguousFrom;
        long to = contiguousTo;
        if (to < from) {
            from = rest.pollFirst();
            to = from;
        }
        while (true) {
            // Take in every number inside the run or next to it, at either end.
            for (Long next = rest.ceiling(from - 1); next != null && next <= to + 1; next = rest.ceiling(from - 1)) {
                rest.remove(next);
                from = Math.min(from, next);
                to = Math.max(to, next);
            }
            if (rest.size() <= MAX_APART) {
                return new SequenceTracker(from, to, List.copyOf(rest));
            }
            // Give the oldest gap up: below the run, it joins the run; above, the run jumps to it.
            long oldest = rest.first();
            if (oldest < from) {
                from = oldest;
            } else {
                to = oldest - 1;
            }
        }
    }
}
