package org.cnctwin.twin;

import java.time.Instant;
import java.util.List;
import org.cnctwin.protocol.Alert;
import org.cnctwin.protocol.MachineEvent;
import org.cnctwin.protocol.MaintenanceAction;
import org.cnctwin.protocol.Severity;
import org.cnctwin.protocol.TelemetrySample;

/**
 * What a {@link MachineTwin} records in its journal: facts, in the past tense. {@link TwinState#apply}
 * says what each does to the twin. These records are the journal's format: the HTTP API shows
 * them through its own types (org.cnctwin.twin.api), and a record that is renamed or moved needs
 * an entry in {@link RenamedJournalClasses}.
 */
public sealed interface TwinEvent extends CborSerializable {

    /** Samples new to the twin, in sequence order. */
    record TelemetryRecorded(List<TelemetrySample> samples) implements TwinEvent {}

    record MachineEventRecorded(MachineEvent event) implements TwinEvent {}

    record Configured(MachineConfiguration configuration) implements TwinEvent {}

    /** @param toolNumber the tool for {@link MaintenanceAction#TOOL_REPLACED}, else 0 */
    record MaintenanceRecorded(MaintenanceAction action, int toolNumber, String performedBy, String note, Instant at) implements TwinEvent {}

    record AlertRaised(String alertId, String code, Severity severity, String source, String message, List<Alert.Evidence> evidence,
                       Instant at) implements TwinEvent {}

    record AlertAcknowledged(String alertId, String acknowledgedBy, String note, Instant at) implements TwinEvent {}

    record AlertCleared(String alertId, String reason, Instant at) implements TwinEvent {}

    record ToolLifeForecasted(Finding.ToolLifeForecast forecast, Instant at) implements TwinEvent {}
}
