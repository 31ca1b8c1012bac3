package org.cnctwin.twin.evaluation;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.cnctwin.machine.sim.SimulatedMachine;
import org.cnctwin.protocol.FaultType;
import org.cnctwin.twin.TwinEvent;
import org.cnctwin.twin.detection.RuleDetector;

/**
 * Which alerts name a fault's signal: an alert whose evidence is about one of the signals the
 * fault changes, or one of the codes that speak of it. A vibration alert does not detect a coolant
 * failure, however early it comes.
 */
final class FaultSignals {

    private record Names(Set<String> signals, Set<String> codePrefixes) {}

    private static final Map<FaultType, Names> NAMES = new EnumMap<>(FaultType.class);

    static {
        Names toolLoad = new Names(Set.of("spindleLoadPercent", "spindlePowerKw", "flankWearMm", "wearRateFactor"),
                Set.of("TOOL_WEAR_T", "TOOL_WEAR_RATE_T", RuleDetector.ALARM_PREFIX + SimulatedMachine.ALARM_TOOL_BROKEN));
        NAMES.put(FaultType.TOOL_BREAKAGE, toolLoad);
        NAMES.put(FaultType.ACCELERATED_TOOL_WEAR, toolLoad);
        Names vibration = new Names(Set.of("vibrationRmsMmPerS"), Set.of("VIBRATION_", "BEARING_"));
        NAMES.put(FaultType.BEARING_OUTER_RACE_DEFECT, vibration);
        NAMES.put(FaultType.BEARING_INNER_RACE_DEFECT, vibration);
        NAMES.put(FaultType.SPINDLE_IMBALANCE, vibration);
        NAMES.put(FaultType.SENSOR_STUCK, vibration);
        NAMES.put(FaultType.SENSOR_DROPOUT, vibration);
        Names temperature = new Names(Set.of("spindleTempC"), Set.of("SPINDLE_TEMPERATURE", RuleDetector.ALARM_PREFIX + SimulatedMachine.ALARM_SPINDLE_OVERHEAT));
        NAMES.put(FaultType.COOLANT_FAILURE, temperature);
        NAMES.put(FaultType.SENSOR_DRIFT, temperature);
        NAMES.put(FaultType.AXIS_SERVO_FAULT, new Names(Set.of("axisFollowingErrorMm"),
                Set.of(RuleDetector.ALARM_PREFIX + SimulatedMachine.ALARM_SERVO_EXCESS_ERROR)));
    }

    private FaultSignals() {}

    static boolean names(TwinEvent.AlertRaised alert, FaultType fault) {
        Names names = NAMES.get(fault);
        return alert.evidence().stream().anyMatch(evidence -> names.signals().contains(evidence.signal()))
                || names.codePrefixes().stream().anyMatch(alert.code()::startsWith);
    }
}
