package org.cnctwin.machine.gcode;

/**
 * The arc and canned-cycle plane. {@code first} and {@code second} span it in the order that
 * makes G02 clockwise seen from the positive {@code normal} axis (G18 is Z then X); axis indices
 * are 0-2 for X Y Z.
 */
public enum Plane {
    XY(0, 1, 2), ZX(2, 0, 1), YZ(1, 2, 0);

    public final int first;
    public final int second;
    public final int normal;

    Plane(int first, int second, int normal) {
        this.first = first;
        this.second = second;
        this.normal = normal;
    }
}
