package org.cnctwin.twin.fleet;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.cnctwin.protocol.ExecutionState;
import org.cnctwin.protocol.MachineEvent;
import org.cnctwin.protocol.MaintenanceAction;
import org.cnctwin.protocol.TelemetrySample;
import org.cnctwin.twin.Finding;
import org.cnctwin.twin.TwinEvent;
import org.cnctwin.twin.TwinState;

/**
 * One machine as the fleet view keeps it: its health, what it is doing, its active alerts, the
 * latest forecast per tool and its last report. Made from the twin's events alone, one at a time
 * ({@link #apply}), so it needs nothing but the read side's event stream; and an event at or below
 * {@link #sequenceNr} changes nothing, so seeing an event twice (at least once delivery) is harmless.
 * This record is the fleet view table's format (the {@code entry} column, as JSON).
 *
 * @param sequenceNr the journal position of the last event applied
 * @param profile the machine profile its last configuration named (vmc-3axis until configured)
 * @param executionState from the newest sample or execution-state event; null before either
 * @param lastReport the newest sample the read side saw, null before the first
 * @param updatedAt when the last event applied happened
 */
public record FleetEntry(String machineId, long sequenceNr, String profile, ExecutionState executionState, Map<String, TwinState.ActiveAlert> activeAlerts,
                         Map<Integer, Forecast> forecasts, TelemetrySample lastReport, Instant updatedAt) {

    /** The planner's latest forecast for one tool. */
    public record Forecast(int edge, double flankWearMm, double remainingCuttingMin, Instant at) {}

    public FleetEntry {
        activeAlerts = Map.copyOf(activeAlerts);
        forecasts = Map.copyOf(forecasts);
    }

    /** A machine the read side has not seen an event of. */
    public static FleetEntry empty(String machineId) {
        return new FleetEntry(machineId, 0, "vmc-3axis", null, Map.of(), Map.of(), null, null);
    }

    /** ok, warning or critical: the worst active alert, as the twin says it. */
    public String health() {
        return TwinState.healthOf(activeAlerts.values());
    }

    /** The entry after the event at {@code sequenceNr} of the machine's journal; unchanged when it has seen that position. */
    public FleetEntry apply(long sequenceNr, TwinEvent event) {
        if (sequenceNr <= this.sequenceNr) {
            return this;
        }
        String nextProfile = profile;
        ExecutionState nextState = executionState;
        Map<String, TwinState.ActiveAlert> alerts = activeAlerts;
        Map<Integer, Forecast> nextForecasts = forecasts;
        TelemetrySample report = lastReport;
        Instant at = updatedAt;
        if (event instanceof TwinEvent.TelemetryRecorded recorded) {
            TelemetrySample newest = recorded.samples().get(recorded.samples().size() - 1); // in sequence order
            if (lastReport == null || newest.sequenceNumber() > lastReport.sequenceNumber()) { // late samples leave the newer report
                report = newest;
                nextState = newest.executionState();
                at = newest.timestamp();
            }
        } else if (event instanceof TwinEvent.MachineEventRecorded recorded) {
            if (recorded.event().fact() instanceof MachineEvent.ExecutionStateChanged changed) {
                nextState = changed.to();
                at = recorded.event().timestamp();
            } else if (recorded.event().fact() instanceof MachineEvent.MaintenancePerformed maintenance) {
                nextForecasts = withoutForecast(maintenance.action(), maintenance.toolNumber());
                at = recorded.event().timestamp();
            }
        } else if (event instanceof TwinEvent.Configured configured) {
            nextProfile = configured.configuration().profile();
        } else if (event instanceof TwinEvent.MaintenanceRecorded maintenance) {
            nextForecasts = withoutForecast(maintenance.action(), maintenance.toolNumber());
            at = maintenance.at();
        } else if (event instanceof TwinEvent.ToolLifeForecasted forecasted) {
            Finding.ToolLifeForecast forecast = forecasted.forecast();
            nextForecasts = new TreeMap<>(forecasts);
            nextForecasts.put(forecast.toolNumber(), new Forecast(forecast.edge(), forecast.flankWearMm(), forecast.remainingCuttingMin(), forecasted.at()));
            at = forecasted.at();
        } else if (event instanceof TwinEvent.AlertRaised raised) {
            alerts = new TreeMap<>(activeAlerts);
            alerts.put(raised.alertId(), TwinState.ActiveAlert.raised(raised));
            at = raised.at();
        } else if (event instanceof TwinEvent.AlertAcknowledged acknowledged) {
            alerts = new TreeMap<>(activeAlerts);
            alerts.computeIfPresent(acknowledged.alertId(), (id, alert) -> alert.acknowledged(acknowledged.acknowledgedBy(), acknowledged.at()));
            at = acknowledged.at();
        } else if (event instanceof TwinEvent.AlertCleared cleared) {
            alerts = new TreeMap<>(activeAlerts);
            alerts.remove(cleared.alertId());
            at = cleared.at();
        }
        return new FleetEntry(machineId, sequenceNr, nextProfile, nextState, alerts, nextForecasts, report, at);
    }

    private Map<Integer, Forecast> withoutForecast(MaintenanceAction action, int toolNumber) {
        if (action != MaintenanceAction.TOOL_REPLACED) {
            return forecasts;
        }
        Map<Integer, Forecast> next = new TreeMap<>(forecasts);
        next.remove(toolNumber);
        return next;
    }
}
