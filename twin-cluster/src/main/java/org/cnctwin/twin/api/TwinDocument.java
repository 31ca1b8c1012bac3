package org.cnctwin.twin.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cnctwin.protocol.Alert;
import org.cnctwin.protocol.Severity;
import org.cnctwin.protocol.TelemetrySample;
import org.cnctwin.twin.Finding;
import org.cnctwin.twin.MachineEstimate;
import org.cnctwin.twin.TwinState;

/**
 * One machine's twin as {@code GET /machines/{id}} and its stream return it (OpenAPI schema
 * {@code Twin}): the newest report, the physics estimate, the active alerts and the forecasts,
 * and, as in an AWS IoT shadow's metadata, when each part last changed. Made from the twin's state
 * here, so what the journal keeps can change without changing what the API says.
 *
 * @param reported the newest sample in the telemetry schema's form, null before the first
 * @param version events the twin has applied since it began
 */
public record TwinDocument(String machineId, String health, Configuration configuration, TelemetrySample reported, Estimate estimate,
                           Map<String, ActiveAlert> activeAlerts, Map<Integer, ToolForecast> forecasts, long version, Instant updatedAt,
                           Metadata metadata) {

    /**
     * What the twin estimates that no sensor measures.
     *
     * @param lastSampleAt the last sample integrated, null before the first
     * @param vibrationZone ISO 10816 zone (A–D) of the vibration trend
     * @param bearingLifeConsumed share of the front bearing's L10 life used (1 = its rated life)
     */
    public record Estimate(Instant lastSampleAt, Map<Integer, ToolEstimate> tools, double housingTempC, double thermalGrowthUm,
                           double bearingLifeConsumed, double vibrationTrendMmPerS, String vibrationZone, Availability availability) {}

    /**
     * @param edge which edge of this tool number: a replacement starts the next
     * @param remainingLifeMin minutes of cutting left at the last conditions seen; null before the tool has cut
     * @param wearRateFactor how much faster than its cutting conditions explain the spindle load shows the tool wearing
     */
    public record ToolEstimate(int toolNumber, int edge, double flankWearMm, double lifeConsumed, Double remainingLifeMin, double cuttingS,
                               double wearRateFactor) {}

    /** Time by state since the twin began; {@code availability} is running time over all of it (OEE). */
    public record Availability(double runningS, double idleS, double alarmS, long partCount, double availability) {}

    public record ActiveAlert(String alertId, String code, Severity severity, String source, String message, List<Alert.Evidence> evidence,
                              Instant raisedAt, String acknowledgedBy, Instant acknowledgedAt) {

        public static ActiveAlert of(TwinState.ActiveAlert alert) {
            return new ActiveAlert(alert.alertId(), alert.code(), alert.severity(), alert.source(), alert.message(), alert.evidence(), alert.raisedAt(),
                    alert.acknowledgedBy(), alert.acknowledgedAt());
        }
    }

    /** The maintenance planner's latest forecast for a tool. */
    public record ToolForecast(int toolNumber, int edge, double flankWearMm, double remainingCuttingMin) {

        public static ToolForecast of(Finding.ToolLifeForecast forecast) {
            return new ToolForecast(forecast.toolNumber(), forecast.edge(), forecast.flankWearMm(), forecast.remainingCuttingMin());
        }
    }

    /** When each part last changed. */
    public record Metadata(Stamp reported, Stamp estimate, Map<String, AlertStamps> activeAlerts) {}

    public record Stamp(Instant timestamp) {}

    public record AlertStamps(Instant raisedAt, Instant acknowledgedAt) {}

    public static TwinDocument of(TwinState state) {
        Map<String, ActiveAlert> alerts = new TreeMap<>();
        Map<String, AlertStamps> alertStamps = new TreeMap<>();
        state.activeAlerts().forEach((id, alert) -> {
            alerts.put(id, ActiveAlert.of(alert));
            alertStamps.put(id, new AlertStamps(alert.raisedAt(), alert.acknowledgedAt()));
        });
        Map<Integer, ToolForecast> forecasts = new TreeMap<>();
        state.forecasts().forEach((tool, forecast) -> forecasts.put(tool, ToolForecast.of(forecast)));
        MachineEstimate estimate = state.estimate();
        Map<Integer, ToolEstimate> tools = new TreeMap<>();
        estimate.tools().forEach((number, tool) -> tools.put(number, new ToolEstimate(tool.toolNumber(), tool.edge(), tool.flankWearMm(),
                tool.lifeConsumed(), Double.isFinite(tool.remainingLifeMin()) ? tool.remainingLifeMin() : null, tool.cuttingS(),
                tool.signature().wearRateFactor())));
        MachineEstimate.Availability availability = estimate.availability();
        Estimate estimated = new Estimate(estimate.lastSampleAt(), tools, estimate.housingTempC(), estimate.thermalGrowthUm(),
                estimate.bearingLifeConsumed(), estimate.vibrationTrendMmPerS(), estimate.vibrationZone().name(),
                new Availability(availability.runningS(), availability.idleS(), availability.alarmS(), availability.partCount(),
                        availability.availability()));
        Metadata metadata = new Metadata(new Stamp(state.reported() == null ? null : state.reported().timestamp()),
                new Stamp(estimate.lastSampleAt()), alertStamps);
        return new TwinDocument(state.machineId(), state.health(), Configuration.of(state.configuration()), state.reported(), estimated, alerts,
                forecasts, state.version(), state.updatedAt(), metadata);
    }
}
