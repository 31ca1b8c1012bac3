package org.cnctwin.twin.api;

import java.time.Instant;
import java.util.List;
import org.cnctwin.protocol.Alert;
import org.cnctwin.protocol.MachineEvent;
import org.cnctwin.protocol.MaintenanceAction;
import org.cnctwin.protocol.Severity;
import org.cnctwin.protocol.TelemetrySample;
import org.cnctwin.twin.TwinEvent;

/**
 * One entry of a twin's history (OpenAPI schema {@code HistoryEvent}): an event of its journal
 * under its documented type name, with the fields that type documents. The names and fields are
 * the API's, kept here apart from the journal's records, so that renaming an event class does not
 * change what clients read.
 *
 * @param sequenceNr the event's position in the twin's journal; {@code after} in the next request continues from it
 * @param timestamp when the twin persisted it
 * @param type one of the {@link EventType} names
 * @param event the type's fields
 */
public record HistoryEvent(long sequenceNr, Instant timestamp, String type, Object event) {

    public record Telemetry(List<TelemetrySample> samples) {}

    public record MachineEventRecorded(MachineEvent event) {}

    public record Configured(Configuration configuration) {}

    public record MaintenanceRecorded(MaintenanceAction action, int toolNumber, String performedBy, String note, Instant at) {}

    public record AlertRaised(String alertId, String code, Severity severity, String source, String message, List<Alert.Evidence> evidence,
                              Instant at) {}

    public record AlertAcknowledged(String alertId, String acknowledgedBy, String note, Instant at) {}

    public record AlertCleared(String alertId, String reason, Instant at) {}

    public record ToolLifeForecasted(TwinDocument.ToolForecast forecast, Instant at) {}

    public static HistoryEvent of(long sequenceNr, Instant timestamp, TwinEvent event) {
        return new HistoryEvent(sequenceNr, timestamp, EventType.of(event).apiName, body(event));
    }

    private static Object body(TwinEvent event) {
        if (event instanceof TwinEvent.TelemetryRecorded recorded) {
            return new Telemetry(recorded.samples());
        }
        if (event instanceof TwinEvent.MachineEventRecorded recorded) {
            return new MachineEventRecorded(recorded.event());
        }
        if (event instanceof TwinEvent.Configured configured) {
            return new Configured(Configuration.of(configured.configuration()));
        }
        if (event instanceof TwinEvent.MaintenanceRecorded maintenance) {
            return new MaintenanceRecorded(maintenance.action(), maintenance.toolNumber(), maintenance.performedBy(), maintenance.note(),
                    maintenance.at());
        }
        if (event instanceof TwinEvent.AlertRaised raised) {
            return new AlertRaised(raised.alertId(), raised.code(), raised.severity(), raised.source(), raised.message(), raised.evidence(),
                    raised.at());
        }
        if (event instanceof TwinEvent.AlertAcknowledged acknowledged) {
            return new AlertAcknowledged(acknowledged.alertId(), acknowledged.acknowledgedBy(), acknowledged.note(), acknowledged.at());
        }
        if (event instanceof TwinEvent.AlertCleared cleared) {
            return new AlertCleared(cleared.alertId(), cleared.reason(), cleared.at());
        }
        TwinEvent.ToolLifeForecasted forecasted = (TwinEvent.ToolLifeForecasted) event; // TwinEvent is sealed: nothing else is left
        return new ToolLifeForecasted(TwinDocument.ToolForecast.of(forecasted.forecast()), forecasted.at());
    }
}
