package org.cnctwin.protocol;

/** Optional rotary axes (4th/5th axis, HMC pallet table), positions in degrees. */
public enum RotaryAxis {
    A,
    B,
    C
}
