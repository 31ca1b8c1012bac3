package org.cnctwin.machine.gcode;

import java.util.function.Consumer;

/**
 * The geometry of an {@link CanonicalOperation.ArcFeed}: a circle in its plane swept from the start
 * angle, with the normal axis moving linearly along (a helix). What the statistics need for the
 * length and the simulator for the tool's position part-way along.
 *
 * @param sweepRad signed: positive counter-clockwise, including the extra turns
 */
public record ArcGeometry(Plane plane, Position start, Position end, Position center, double radiusMm, double startAngleRad, double sweepRad) {

    public static ArcGeometry of(CanonicalOperation.ArcFeed arc) {
        Plane plane = arc.state().plane();
        Position start = arc.start();
        Position end = arc.state().workPosition();
        Position center = arc.center();
        double radius = Math.hypot(start.get(plane.first) - center.get(plane.first), start.get(plane.second) - center.get(plane.second));
        double startAngle = Math.atan2(start.get(plane.second) - center.get(plane.second), start.get(plane.first) - center.get(plane.first));
        double endAngle = Math.atan2(end.get(plane.second) - center.get(plane.second), end.get(plane.first) - center.get(plane.first));
        double sweep = arc.clockwise() ? startAngle - endAngle : endAngle - startAngle;
        if (sweep <= 1e-9) {
            sweep += 2 * Math.PI; // equal start and end: a full circle
        }
        sweep += 2 * Math.PI * arc.extraTurns();
        return new ArcGeometry(plane, start, end, center, radius, startAngle, arc.clockwise() ? -sweep : sweep);
    }

    /** Helix length: the planar arc and the normal-axis travel, over every turn. */
    public double lengthMm() {
        return Math.hypot(radiusMm * Math.abs(sweepRad), end.get(plane.normal) - start.get(plane.normal));
    }

    /** The point {@code fraction} (0-1) of the way along. */
    public Position pointAt(double fraction) {
        if (fraction >= 1) {
            return end; // exactly the programmed end, whatever rounding did to the angle
        }
        double angle = startAngleRad + sweepRad * fraction;
        Position point = start.plus(end.minus(start).scaled(fraction)); // rotary and normal axes move linearly
        return point.with(plane.first, center.get(plane.first) + radiusMm * Math.cos(angle))
                .with(plane.second, center.get(plane.second) + radiusMm * Math.sin(angle));
    }

    /**
     * Gives {@code point} each extreme point of the arc from {@code start} to {@code end} about
     * {@code center}: where it crosses the directions +u, +v, -u, -v from its centre, which with
     * the end bound the arc for a travel check.
     */
    public static void forEachExtremePoint(Plane plane, Position start, Position end, Position center, boolean clockwise,
                                           Consumer<Position> point) {
        int u = plane.first;
        int v = plane.second;
        double startU = start.get(u) - center.get(u);
        double startV = start.get(v) - center.get(v);
        double radius = Math.sqrt(startU * startU + startV * startV);
        if (radius == 0) {
            return;
        }
        double startTurns = quarterTurns(startU, startV);
        double endTurns = quarterTurns(end.get(u) - center.get(u), end.get(v) - center.get(v));
        double sweep = clockwise ? startTurns - endTurns : endTurns - startTurns;
        if (sweep <= 1e-12) {
            sweep += 4;
        }
        for (int quadrant = 0; quadrant < 4; quadrant++) {
            double fromStart = clockwise ? startTurns - quadrant : quadrant - startTurns;
            if (fromStart < 0) {
                fromStart += 4;
            }
            if (fromStart < sweep) {
                double directionU = quadrant == 0 ? 1 : quadrant == 2 ? -1 : 0;
                double directionV = quadrant == 1 ? 1 : quadrant == 3 ? -1 : 0;
                point.accept(start.with(u, center.get(u) + radius * directionU).with(v, center.get(v) + radius * directionV));
            }
        }
    }

    /**
     * The direction of (u, v) in quarter turns from +u, in [0, 4): not proportional to the angle
     * but in the same order, which is all the extreme-point test needs, at a fraction of atan2's
     * cost. 0 for the zero vector.
     */
    private static double quarterTurns(double u, double v) {
        if (u == 0 && v == 0) {
            return 0;
        }
        if (v >= 0) {
            return u >= 0 ? v / (u + v) : 1 - u / (v - u);
        }
        return u < 0 ? 2 + v / (u + v) : 3 + u / (u - v);
    }
}
