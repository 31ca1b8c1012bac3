package org.cnctwin.machine.gcode;

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
}
