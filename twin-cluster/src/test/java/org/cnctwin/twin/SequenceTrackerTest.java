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
        assertThat(tracker).isEqualTo(new SequenceTracker(1, 20, List.of()));
        assertThat(tracker.contains(20)).isTrue();
        assertThat(tracker.contains(21)).isFalse();
    }

    @Test
    void aLateBatchFillsItsGap() {
        SequenceTracker gap = SequenceTracker.EMPTY.with(range(1, 10)).with(range(21, 30));
        assertThat(gap.contains(15)).isFalse();
        assertThat(gap.contains(25)).isTrue();
        assertThat(gap.with(range(11, 20))).isEqualTo(new SequenceTracker(1, 30, List.of()));
    }

    @Test
    void theFirstNumberRecordedStartsTheRun() {
        SequenceTracker tracker = SequenceTracker.EMPTY.with(range(5001, 5010));
        assertThat(tracker).isEqualTo(new SequenceTracker(5001, 5010, List.of()));
        assertThat(tracker.contains(5000)).isFalse();
    }

    @Test
    void batchesBeforeTheFirstOneSeenAreNewNotRepeats() {
        // Two connections of a shared subscription: the machine's second batch reached the twin first.
        SequenceTracker secondFirst = SequenceTracker.EMPTY.with(range(11, 20));
        assertThat(secondFirst.contains(5)).isFalse();
        SequenceTracker both = secondFirst.with(range(1, 10));
        assertThat(both).isEqualTo(new SequenceTracker(1, 20, List.of()));
        SequenceTracker thirdFirst = SequenceTracker.EMPTY.with(range(21, 30)).with(range(1, 10));
        assertThat(thirdFirst.contains(15)).isFalse();
        assertThat(thirdFirst.with(range(11, 20))).isEqualTo(new SequenceTracker(1, 30, List.of()));
    }

    @Test
    void aSnapshotFromBeforeTheRunHadALowerEndStillReads() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        SequenceTracker old = json.readValue("{\"contiguousTo\": 20, \"aheadOfGap\": [25]}", SequenceTracker.class);
        assertThat(old).isEqualTo(new SequenceTracker(0, 20, List.of(25L)));
        assertThat(old.contains(7)).isTrue();
        assertThat(old.contains(25)).isTrue();
        assertThat(old.contains(22)).isFalse();
    }

    @Test
    void aGapThatNeverFillsIsGivenUpBeforeTheTrackerGrowsPastItsBound() {
        SequenceTracker tracker = SequenceTracker.EMPTY.with(range(1, 10)).with(range(12, 11 + SequenceTracker.MAX_APART + 1));
        assertThat(tracker.apart()).isEmpty();
        assertThat(tracker.contiguousTo()).isEqualTo(11 + SequenceTracker.MAX_APART + 1);
        assertThat(tracker.contains(11)).isTrue(); // given up: a very late 11 now counts as a duplicate
    }

    @Test
    void numbersFarBelowTheRunAreGivenUpTheSameWay() {
        SequenceTracker tracker = SequenceTracker.EMPTY.with(range(100_000, 100_009));
        for (long number = 1; number <= SequenceTracker.MAX_APART + 1; number++) {
            tracker = tracker.with(List.of(number * 2)); // every other number: nothing joins the run
        }
        assertThat(tracker.apart()).hasSizeLessThanOrEqualTo(SequenceTracker.MAX_APART);
        assertThat(tracker.contains(2)).isTrue();
        assertThat(tracker.contains(100_009)).isTrue();
    }
}
