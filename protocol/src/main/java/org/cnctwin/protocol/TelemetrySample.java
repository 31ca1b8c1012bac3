package org.cnctwin.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One reading of a machine's controller and sensors.
 *
 * @param timestamp when the controller took the sample
 * @param sequenceNumber per machine, strictly increasing across batches; makes redelivery and
 *     reordering harmless to the twin
 * @param axisPositionsMm X, Y and Z in machine coordinates
 * @param rotaryAxisPositionsDeg the rotary axes the machine has (often none)
 * @param blockNumber the N number (or line) of the block being executed, 0 when none
 * @param toolNumber the tool in the spindle, 0 when empty
 * @param activeAlarmCodes controller alarm codes active at this moment, e.g. {@code SV0401}
 */
public record TelemetrySample(
        Instant timestamp,
        long sequenceNumber,
        double spindleSpeedRpm,
        double spindleLoadPercent,
        double spindlePowerKw,
        double spindleTempC,
        double vibrationRmsMmPerS,
        Map<LinearAxis, Double> axisPositionsMm,
        Map<RotaryAxis, Double> rotaryAxisPositionsDeg,
        double feedMmPerMin,
        String programName,
        long blockNumber,
        int toolNumber,
        ExecutionState executionState,
        ControllerMode controllerMode,
        CoolantState coolant,
        long partCount,
        List<String> activeAlarmCodes) {

    public TelemetrySample {
        axisPositionsMm = Map.copyOf(axisPositionsMm);
        rotaryAxisPositionsDeg = Map.copyOf(rotaryAxisPositionsDeg);
        activeAlarmCodes = List.copyOf(activeAlarmCodes);
    }
}
