package org.cnctwin.protocol;

/** Which coolant supply is on (M07 mist, M08 flood, through-spindle on machines that have it). */
public enum CoolantState {
    OFF,
    MIST,
    FLOOD,
    THROUGH_SPINDLE
}
