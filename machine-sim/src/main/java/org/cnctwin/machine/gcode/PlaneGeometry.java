package org.cnctwin.machine.gcode;

import java.util.ArrayList;
import java.util.List;

/** Where lines and circles of one plane meet; points are {x, y} pairs, directions unit vectors. */
final class PlaneGeometry {

    private PlaneGeometry() {}

    /** A circle of the plane, such as the path of the tool centre along an offset arc. */
    record Circle(double x, double y, double radius) {}

    /** The point where the line through {@code p} along {@code u} crosses the one through {@code q} along {@code v}; {@code q} when parallel. */
    static double[] lineIntersection(double[] p, double[] u, double[] q, double[] v) {
        double denominator = u[0] * v[1] - u[1] * v[0];
        if (Math.abs(denominator) < 1e-12) {
            return q; // parallel: the offsets meet where the next one starts
        }
        double t = ((q[0] - p[0]) * v[1] - (q[1] - p[1]) * v[0]) / denominator;
        return new double[] {p[0] + t * u[0], p[1] + t * u[1]};
    }

    /** Where the line through {@code p} along {@code u} crosses the circle about (cx, cy) of radius r: none, or two points. */
    static List<double[]> lineCircle(double[] p, double[] u, double cx, double cy, double r) {
        double fx = p[0] - cx;
        double fy = p[1] - cy;
        double b = fx * u[0] + fy * u[1];
        double c = fx * fx + fy * fy - r * r;
        double discriminant = b * b - c;
        List<double[]> points = new ArrayList<>();
        if (discriminant < -1e-12) {
            return points;
        }
        double root = Math.sqrt(Math.max(0, discriminant));
        for (double t : new double[] {-b - root, -b + root}) {
            points.add(new double[] {p[0] + t * u[0], p[1] + t * u[1]});
        }
        return points;
    }

    /** Where two circles cross: none, or two points (one twice where they touch). */
    static List<double[]> circleCircle(double x0, double y0, double r0, double x1, double y1, double r1) {
        List<double[]> points = new ArrayList<>();
        double d = Math.hypot(x1 - x0, y1 - y0);
        if (d < 1e-12 || d > r0 + r1 + 1e-9 || d < Math.abs(r0 - r1) - 1e-9) {
            return points;
        }
        double a = (r0 * r0 - r1 * r1 + d * d) / (2 * d);
        double h = Math.sqrt(Math.max(0, r0 * r0 - a * a));
        double mx = x0 + a * (x1 - x0) / d;
        double my = y0 + a * (y1 - y0) / d;
        points.add(new double[] {mx + h * (y1 - y0) / d, my - h * (x1 - x0) / d});
        points.add(new double[] {mx - h * (y1 - y0) / d, my + h * (x1 - x0) / d});
        return points;
    }
}
