package org.cnctwin.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SequenceTrackerTest {

    private static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    @Test
    void aStreamInOrderStaysContiguousWithNothingAhead() {
        SequenceTracker tracker = SequenceTracker.EMPTY.with(range(1, 10)).with(range(11, 20));
        assertThat(tracker).isEqualTo(new SequenceTracker(20, List.of()));
        assertThat(tracker.contains(20)).isTrue();
        assertThat(tracker.contains(21)).isFalse();
    }

    @Test
    void aLateBatchFillsItsGap() {
        SequenceTracker gap = SequenceTracker.EMPTY.with(range(1, 10)).with(range(21, 30));
        assertThat(gap.contains(15)).isFalse();
        assertThat(gap.contains(25)).isTrue();
        assertThat(gap.with(range(11, 20))).isEqualTo(new SequenceTracker(30, List.of()));
    }

    @Test
    void theFirstNumberRecordedStartsTheCount() {
        assertThat(SequenceTracker.EMPTY.with(range(5001, 5010))).isEqualTo(new SequenceTracker(5010, List.of()));
    }

    @Test
    void aGapThatNeverFillsIsGivenUpBeforeTheTrackerGrowsPastItsBound() {
        SequenceTracker tracker = SequenceTracker.EMPTY.with(range(1, 10)).with(range(12, 11 + SequenceTracker.MAX_AHEAD_OF_GAP + 1));
        assertThat(tracker.aheadOfGap()).isEmpty();
        assertThat(tracker.contiguousTo()).isEqualTo(11 + SequenceTracker.MAX_AHEAD_OF_GAP + 1);
        assertThat(tracker.contains(11)).isTrue(); // given up: a very late 11 now counts as a duplicate
    }
}
