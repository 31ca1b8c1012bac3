package org.cnctwin.twin.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.cnctwin.protocol.ControllerMode;
import org.cnctwin.protocol.CoolantState;
import org.cnctwin.protocol.ExecutionState;
import org.cnctwin.protocol.LinearAxis;
import org.cnctwin.protocol.Severity;
import org.cnctwin.protocol.TelemetrySample;
import org.cnctwin.twin.TwinEvent;
import org.cnctwin.twin.TwinTesting;
import org.junit.jupiter.api.Test;

/** What the read side is given of a twin's events: all but the telemetry that only refreshes numbers. */
class FleetTagsTest {

    final FleetTags tags = new FleetTags(16, Duration.ofSeconds(5));

    static TelemetrySample at(long sequence, double seconds, ExecutionState state, int tool, long parts, List<String> alarms) {
        return new TelemetrySample(Instant.parse("2026-12-03T10:00:00Z").plusMillis((long) (seconds * 1000)), sequence, 6000, 20, 2, 30, 1,
                Map.of(LinearAxis.X, 0.0, LinearAxis.Y, 0.0, LinearAxis.Z, 0.0), Map.of(), 800, "O1002", 10, tool, state, ControllerMode.AUTOMATIC,
                CoolantState.FLOOD, parts, alarms);
    }

    @Test
    void everyMachineHasOneSliceAndEveryNonTelemetryEventItsTag() {
        int slice = tags.sliceOf("cnc-001");
        assertThat(slice).isBetween(0, 15).isEqualTo(tags.sliceOf("cnc-001"));
        TwinEvent cleared = new TwinEvent.AlertCleared("cnc-001-1", "gone", Instant.now());
        assertThat(tags.tagsFor("cnc-001", cleared, at(1, 0, ExecutionState.ACTIVE, 2, 0, List.of()))).containsExactly("fleet-" + slice);
        TwinEvent raised = new TwinEvent.AlertRaised("cnc-001-2", "X", Severity.WARNING, "rules", "", List.of(), Instant.now());
        assertThat(tags.tagsFor("cnc-001", raised, null)).containsExactly("fleet-" + slice);
    }

    @Test
    void telemetryReachesTheReadSideWhenWhatItListsChangesOrEveryFiveSeconds() {
        TelemetrySample last = at(10, 0, ExecutionState.ACTIVE, 2, 3, List.of());
        assertThat(tags.reaches(null, last)).as("the first since the twin started").isTrue();
        assertThat(tags.reaches(last, at(20, 1, ExecutionState.ACTIVE, 2, 3, List.of()))).isFalse();
        assertThat(tags.reaches(last, at(20, 4.9, ExecutionState.ACTIVE, 2, 3, List.of()))).isFalse();
        assertThat(tags.reaches(last, at(20, 5, ExecutionState.ACTIVE, 2, 3, List.of()))).isTrue();
        assertThat(tags.reaches(last, at(20, 1, ExecutionState.STOPPED, 2, 3, List.of()))).as("execution state").isTrue();
        assertThat(tags.reaches(last, at(20, 1, ExecutionState.ACTIVE, 3, 3, List.of()))).as("tool").isTrue();
        assertThat(tags.reaches(last, at(20, 1, ExecutionState.ACTIVE, 2, 4, List.of()))).as("part count").isTrue();
        assertThat(tags.reaches(last, at(20, 1, ExecutionState.ACTIVE, 2, 3, List.of("SV0401")))).as("alarms").isTrue();

        TwinEvent.TelemetryRecorded quiet = new TwinEvent.TelemetryRecorded(TwinTesting.batch("cnc-001", 1, 10).samples());
        assertThat(tags.tagsFor("cnc-001", quiet, FleetTags.newest(quiet))).isEmpty();
    }
}
