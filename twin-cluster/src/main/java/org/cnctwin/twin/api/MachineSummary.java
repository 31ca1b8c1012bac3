package org.cnctwin.twin.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.cnctwin.machine.physics.VibrationSeverity;
import org.cnctwin.machine.sim.MachineSpec;
import org.cnctwin.protocol.ExecutionState;
import org.cnctwin.protocol.TelemetrySample;
import org.cnctwin.twin.fleet.FleetEntry;

/**
 * One machine's line in the fleet (OpenAPI schema {@code MachineSummary}), from the fleet view:
 * what it does, how healthy it is, the tool in its spindle with the planner's latest forecast for
 * it. Fields of the last report are absent before the first.
 *
 * @param vibrationZone ISO 10816 zone of the last report's vibration, for the machine profile's class
 * @param toolWearMm the latest forecast's flank wear of the tool in the spindle
 * @param toolRemainingLifeMin the latest forecast's cutting minutes left for it
 * @param timestamp when the last report was taken
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MachineSummary(String machineId, String health, ExecutionState executionState, Double spindleSpeedRpm, Double spindleLoadPercent,
                             Double spindleTempC, Double vibrationRmsMmPerS, String vibrationZone, Integer toolNumber, Double toolWearMm,
                             Double toolRemainingLifeMin, String program, Long partCount, Instant timestamp, int activeAlerts) {

    public static MachineSummary of(FleetEntry entry) {
        TelemetrySample report = entry.lastReport();
        if (report == null) {
            return new MachineSummary(entry.machineId(), entry.health(), entry.executionState(), null, null, null, null, null, null, null, null, null,
                    null, null, entry.activeAlerts().size());
        }
        FleetEntry.Forecast forecast = entry.forecasts().get(report.toolNumber());
        String zone = VibrationSeverity.zone(report.vibrationRmsMmPerS(), MachineSpec.named(entry.profile()).vibrationClass()).name();
        return new MachineSummary(entry.machineId(), entry.health(), entry.executionState(), report.spindleSpeedRpm(), report.spindleLoadPercent(),
                report.spindleTempC(), report.vibrationRmsMmPerS(), zone, report.toolNumber(), forecast == null ? null : forecast.flankWearMm(),
                forecast == null ? null : forecast.remainingCuttingMin(), report.programName(), report.partCount(), report.timestamp(),
                entry.activeAlerts().size());
    }
}
