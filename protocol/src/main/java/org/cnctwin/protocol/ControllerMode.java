package org.cnctwin.protocol;

/** The controller's operating mode, in MTConnect's {@code ControllerMode} vocabulary. */
public enum ControllerMode {
    AUTOMATIC,
    MANUAL,
    MANUAL_DATA_INPUT,
    SEMI_AUTOMATIC,
    EDIT
}
