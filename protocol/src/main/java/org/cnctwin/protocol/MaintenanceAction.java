package org.cnctwin.protocol;

/** Maintenance work a technician reports; the twin resets the matching estimate (wear, bearing life). */
public enum MaintenanceAction {
    TOOL_REPLACED,
    BEARING_REPLACED,
    SPINDLE_SERVICED,
    COOLANT_SERVICED,
    AXIS_SERVICED,
    INSPECTION
}
