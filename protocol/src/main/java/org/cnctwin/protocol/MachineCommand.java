package org.cnctwin.protocol;

import java.time.Instant;

/**
 * A request sent to a machine on {@code cnc/{machineId}/commands}. Real controllers accept only
 * {@link StartProgram} and {@link SetOverrides} (if at all); fault injection is for simulated
 * machines in test rigs.
 *
 * @param commandId unique per command, so a machine can ignore a redelivered one
 */
public record MachineCommand(int schemaVersion, String commandId, String machineId, Instant issuedAt, Action action) {

    /** What the machine is asked to do. The JSON {@code type} field is the record's simple name. */
    public sealed interface Action {}

    /**
     * @param severity 0 (barely noticeable) to 1 (as bad as the failure mode gets)
     * @param startAfterS simulated seconds from receipt until the fault begins
     */
    public record InjectFault(FaultType fault, double severity, double startAfterS) implements Action {}

    public record ClearFault(FaultType fault) implements Action {}

    public record StartProgram(String programName, int cycles) implements Action {}

    /** FANUC ranges: feed 0-200 %, spindle 50-120 %, rapid 0-100 %. */
    public record SetOverrides(double feedOverridePercent, double spindleOverridePercent, double rapidOverridePercent)
            implements Action {}
}
