package org.cnctwin.protocol;

/** Failure modes a simulated machine can be told to develop (see {@link MachineCommand.InjectFault}). */
public enum FaultType {
    TOOL_BREAKAGE,
    ACCELERATED_TOOL_WEAR,
    BEARING_OUTER_RACE_DEFECT,
    BEARING_INNER_RACE_DEFECT,
    COOLANT_FAILURE,
    SPINDLE_IMBALANCE,
    AXIS_SERVO_FAULT,
    SENSOR_DRIFT,
    SENSOR_STUCK,
    SENSOR_DROPOUT
}
