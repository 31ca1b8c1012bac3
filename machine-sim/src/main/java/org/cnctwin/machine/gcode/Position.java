package org.cnctwin.machine.gcode;

/** A point of the six axes: X Y Z in millimetres, A B C in degrees. */
public record Position(double x, double y, double z, double a, double b, double c) {

    public static final Position ORIGIN = new Position(0, 0, 0, 0, 0, 0);

    public Position plus(Position other) {
        return new Position(x + other.x, y + other.y, z + other.z, a + other.a, b + other.b, c + other.c);
    }

    public Position minus(Position other) {
        return new Position(x - other.x, y - other.y, z - other.z, a - other.a, b - other.b, c - other.c);
    }

    public Position scaled(double factor) {
        return new Position(x * factor, y * factor, z * factor, a * factor, b * factor, c * factor);
    }

    /** @param axis 0-5 for X Y Z A B C */
    public double get(int axis) {
        return switch (axis) {
            case 0 -> x;
            case 1 -> y;
            case 2 -> z;
            case 3 -> a;
            case 4 -> b;
            case 5 -> c;
            default -> throw new IndexOutOfBoundsException(axis);
        };
    }

    public Position with(int axis, double value) {
        return new Position(axis == 0 ? value : x, axis == 1 ? value : y, axis == 2 ? value : z,
                axis == 3 ? value : a, axis == 4 ? value : b, axis == 5 ? value : c);
    }

    /** Straight-line length of the linear axes, mm. */
    public double linearDistanceTo(Position other) {
        return Math.sqrt(square(other.x - x) + square(other.y - y) + square(other.z - z));
    }

    private static double square(double value) {
        return value * value;
    }
}
