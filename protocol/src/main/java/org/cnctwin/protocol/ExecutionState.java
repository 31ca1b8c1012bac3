package org.cnctwin.protocol;

/**
 * What the controller is doing with its program, in MTConnect's {@code Execution} vocabulary so
 * the data maps onto MTConnect and OPC UA for Machine Tools without a translation table.
 */
public enum ExecutionState {
    READY,
    ACTIVE,
    INTERRUPTED,
    WAIT,
    FEED_HOLD,
    STOPPED,
    OPTIONAL_STOP,
    PROGRAM_STOPPED,
    PROGRAM_COMPLETED
}
