package org.cnctwin.protocol;

/** The linear axes a sample reports, positions in millimetres in machine coordinates. */
public enum LinearAxis {
    X,
    Y,
    Z
}
