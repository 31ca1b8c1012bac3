package org.cnctwin.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * A discrete fact a machine reports on {@code cnc/{machineId}/events}, alongside its telemetry.
 *
 * @param sequenceNumber per machine and per events topic, strictly increasing
 */
public record MachineEvent(int schemaVersion, String machineId, Instant timestamp, long sequenceNumber, Fact fact) {

    /**
     * What happened. The JSON {@code type} field is the record's simple name. The Jackson
     * annotations say the same for data binding (the twin's journal); the wire codec reads and
     * writes {@code type} itself.
     */
    @JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
    @JsonSubTypes({@JsonSubTypes.Type(ProgramStarted.class), @JsonSubTypes.Type(ProgramCompleted.class), @JsonSubTypes.Type(ToolChanged.class),
        @JsonSubTypes.Type(AlarmRaised.class), @JsonSubTypes.Type(AlarmCleared.class), @JsonSubTypes.Type(ExecutionStateChanged.class),
        @JsonSubTypes.Type(MaintenancePerformed.class)})
    public sealed interface Fact {}

    public record ProgramStarted(String programName) implements Fact {}

    public record ProgramCompleted(String programName, double cycleTimeS, long partCount) implements Fact {}

    /** @param fromToolNumber 0 when the spindle was empty */
    public record ToolChanged(int fromToolNumber, int toToolNumber) implements Fact {}

    public record AlarmRaised(String alarmCode, String message) implements Fact {}

    public record AlarmCleared(String alarmCode) implements Fact {}

    public record ExecutionStateChanged(ExecutionState from, ExecutionState to) implements Fact {}

    /**
     * @param toolNumber the replaced tool for {@link MaintenanceAction#TOOL_REPLACED}, otherwise 0
     * @param note free text, empty when none
     */
    public record MaintenancePerformed(MaintenanceAction action, int toolNumber, String performedBy, String note)
            implements Fact {}
}
