package org.cnctwin.twin.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.cnctwin.protocol.ExecutionState;
import org.cnctwin.protocol.TelemetrySample;
import org.cnctwin.twin.MachineEstimate;
import org.cnctwin.twin.TwinState;

/**
 * One machine's line in the fleet (OpenAPI schema {@code MachineSummary}): what it does, how
 * healthy it is, the tool in its spindle. Fields of its last report are absent before the first.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MachineSummary(String machineId, String health, ExecutionState executionState, Double spindleSpeedRpm, Double spindleLoadPercent,
                             Double spindleTempC, Double vibrationRmsMmPerS, String vibrationZone, Integer toolNumber, Double toolWearMm,
                             Double toolRemainingLifeMin, String program, Long partCount, Instant timestamp, int activeAlerts) {

    public static MachineSummary of(TwinState state) {
        TelemetrySample reported = state.reported();
        String zone = state.estimate().vibrationZone().name();
        if (reported == null) {
            return new MachineSummary(state.machineId(), state.health(), null, null, null, null, null, zone, null, null, null, null, null, null,
                    state.activeAlerts().size());
        }
        MachineEstimate.ToolEstimate tool = state.estimate().tools().get(reported.toolNumber());
        return new MachineSummary(state.machineId(), state.health(), reported.executionState(), reported.spindleSpeedRpm(),
                reported.spindleLoadPercent(), reported.spindleTempC(), reported.vibrationRmsMmPerS(), zone, reported.toolNumber(),
                tool == null ? null : tool.flankWearMm(), tool == null || !Double.isFinite(tool.remainingLifeMin()) ? null : tool.remainingLifeMin(),
                reported.programName(), reported.partCount(), reported.timestamp(), state.activeAlerts().size());
    }
}
