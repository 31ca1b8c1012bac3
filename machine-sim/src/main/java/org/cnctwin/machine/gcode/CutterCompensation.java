package org.cnctwin.machine.gcode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cutter radius compensation (G41 left, G42 right of the direction of travel) in the selected
 * plane, applied to the interpreter's canonical operations: the programmed contour goes in, the tool
 * centre path comes out.
 *
 * <p>Each XY move is held until the next one arrives, because where it ends depends on the
 * corner between them: at a concave corner both offset curves are trimmed to their intersection;
 * at a convex corner LinuxCNC goes round the programmed corner on an arc of the tool radius, and
 * FANUC (type C) extends the offset tangents to their intersection, or to two points one radius
 * beyond the corner when it turns more than 90°. Moves without XY travel (plunges), dwells and
 * spindle or coolant changes wait with the held move and follow it at the compensated point.
 * The start-up move begins at the uncompensated point; the move before G40 ends at its own
 * perpendicular offset and the G40 move leaves from there.
 */
final class CutterCompensation implements Consumer<CanonicalOperation> {

    private static final double EPSILON = 1e-9;
    /** Moves meeting within this angle (radians) are tangent: an R-form arc's centre carries rounding noise. */
    private static final double TANGENT_RADIANS = 1e-6;

    private final Consumer<CanonicalOperation> out;
    private final boolean linuxCncRules;

    /** The move waiting for its successor, or null when compensation is off. */
    private Segment held;
    private final List<CanonicalOperation> waiting = new ArrayList<>();
    /** Where the tool centre is in the plane's (first, second) axes, when compensation is on. */
    private double toolX;
    private double toolY;
    /** The plane compensation started in; x and y below are its first and second axes. */
    private Plane plane = Plane.XY;

    /**
     * @param linuxCncRules LinuxCNC's convex corners (an arc round the corner) and entry on an arc;
     *     otherwise FANUC's type C corners and a straight start-up move
     */
    CutterCompensation(Consumer<CanonicalOperation> out, boolean linuxCncRules) {
        this.out = out;
        this.linuxCncRules = linuxCncRules;
    }

    /**
     * A programmed move in the plane: a line, or an arc with its centre; x and y are the plane's
     * first and second axes. {@code path} is the circle the tool centre follows along an arc (null
     * for a line): the offset circle, or for an entry arc the circle from the uncompensated start.
     */
    private record Segment(CanonicalOperation operation, double startX, double startY, double endX, double endY, boolean arc,
                           double centerX, double centerY, boolean clockwise, int side, double radius, PlaneGeometry.Circle path) {

        /** Unit tangent at the start (at = 0) or end (at = 1). */
        double[] tangent(int at) {
            if (!arc) {
                double length = Math.hypot(endX - startX, endY - startY);
                return new double[] {(endX - startX) / length, (endY - startY) / length};
            }
            double x = at == 0 ? startX : endX;
            double y = at == 0 ? startY : endY;
            double length = Math.hypot(x - centerX, y - centerY);
            double rx = (x - centerX) / length;
            double ry = (y - centerY) / length;
            return clockwise ? new double[] {ry, -rx} : new double[] {-ry, rx};
        }

        /** The compensated point at the start or end: one radius to the compensation side. */
        double[] offsetPoint(int at) {
            double[] t = tangent(at);
            double x = at == 0 ? startX : endX;
            double y = at == 0 ? startY : endY;
            return new double[] {x - side * radius * t[1], y + side * radius * t[0]};
        }

        /** Radius of the offset arc: smaller on the inside of the curve. */
        double offsetArcRadius() {
            double programmed = Math.hypot(startX - centerX, startY - centerY);
            boolean inside = (side > 0) != clockwise; // left of a counter-clockwise arc is towards its centre
            return inside ? programmed - radius : programmed + radius;
        }
    }

    @Override
    public void accept(CanonicalOperation operation) {
        ModalState state = operation.state();
        boolean on = state.cutterCompensation() == GCode.G41 || state.cutterCompensation() == GCode.G42;
        if (!on && held == null) {
            out.accept(operation); // compensation off: nothing to hold, nothing to offset
            return;
        }
        boolean straightMove = operation instanceof CanonicalOperation.Traverse || operation instanceof CanonicalOperation.LinearFeed;
        if (!on && held != null && straightMove) {
            // G40: the held move ends at its own offset; the cancel move leaves from there to its
            // programmed end, even when it moves only across the plane.
            finishHeld(null);
            emit(operation, u(state.workPosition()), v(state.workPosition()));
            return;
        }
        Segment segment = segmentOf(operation, on);
        if (held == null) {
            if (on && segment != null) {
                startUp(segment);
            } else {
                out.accept(operation);
            }
            return;
        }
        if (segment == null) {
            if (operation instanceof CanonicalOperation.ProgramStop stop && (stop.code() == MCode.M02 || stop.code() == MCode.M30)) {
                finishHeld(null);
                out.accept(operation);
            } else {
                waiting.add(operation);
            }
            return;
        }
        if (segment.side() != held.side()) {
            throw new GcodeException(GcodeError.CUTTER_COMPENSATION, state.source(), "switching between G41 and G42 needs G40 first");
        }
        finishHeld(segment);
        held = segment;
    }

    private void startUp(Segment segment) {
        plane = segment.operation().state().plane();
        toolX = segment.startX();
        toolY = segment.startY();
        if (segment.arc() && !linuxCncRules) {
            // FANUC alarms (PS0034) when the start-up block is an arc.
            throw new GcodeException(GcodeError.CUTTER_COMPENSATION, segment.operation().state().source(),
                    "cutter compensation must start on a straight move, not an arc");
        }
        held = segment.arc() ? entryArc(segment) : segment;
    }

    /**
     * LinuxCNC's entry on an arc: from the uncompensated start to the offset end of the programmed
     * arc, on the circle through both whose centre lies on the line from that end towards the
     * programmed centre, so that the tool leaves the arc on the programmed arc's tangent.
     */
    private static Segment entryArc(Segment programmed) {
        SourcePosition source = programmed.operation().state().source();
        if (Math.hypot(programmed.endX() - programmed.startX(), programmed.endY() - programmed.startY()) <= programmed.radius()) {
            throw new GcodeException(GcodeError.CUTTER_COMPENSATION, source, String.format(
                    "an entry arc onto cutter compensation must be longer than the tool radius %.4f mm", programmed.radius()));
        }
        double[] end = programmed.offsetPoint(1);
        double towardX = programmed.centerX() - end[0];
        double towardY = programmed.centerY() - end[1];
        double toward = Math.hypot(towardX, towardY);
        double startX = programmed.startX() - end[0];
        double startY = programmed.startY() - end[1];
        double along = (startX * towardX + startY * towardY) / toward; // the start's distance along that line
        if (Math.abs(along) < 1e-4 * Math.hypot(startX, startY)) {
            throw new GcodeException(GcodeError.CUTTER_COMPENSATION, source,
                    "no entry arc reaches the compensated end of this arc from where the tool is");
        }
        double pathRadius = (startX * startX + startY * startY) / (2 * along);
        PlaneGeometry.Circle path = new PlaneGeometry.Circle(end[0] + pathRadius * towardX / toward, end[1] + pathRadius * towardY / toward,
                Math.abs(pathRadius));
        return withPath(programmed, path);
    }

    private static Segment withPath(Segment segment, PlaneGeometry.Circle path) {
        return new Segment(segment.operation(), segment.startX(), segment.startY(), segment.endX(), segment.endY(), segment.arc(), segment.centerX(),
                segment.centerY(), segment.clockwise(), segment.side(), segment.radius(), path);
    }

    private double u(Position position) {
        return position.get(plane.first);
    }

    private double v(Position position) {
        return position.get(plane.second);
    }

    /** @return the move in the plane this operation is, or null for anything else (including moves across the plane only) */
    private Segment segmentOf(CanonicalOperation operation, boolean on) {
        ModalState state = operation.state();
        Position end = state.workPosition();
        if (held == null) {
            plane = state.plane();
        } else if (on && state.plane() != plane) {
            throw new GcodeException(GcodeError.CUTTER_COMPENSATION, state.source(), "the plane cannot change while cutter compensation is on");
        }
        int side = state.cutterCompensation() == GCode.G42 ? -1 : 1;
        if (operation instanceof CanonicalOperation.Traverse traverse) {
            return line(operation, traverse.start(), end, side);
        }
        if (operation instanceof CanonicalOperation.LinearFeed feed) {
            return line(operation, feed.start(), end, side);
        }
        if (operation instanceof CanonicalOperation.ArcFeed arc && on) {
            Segment segment = new Segment(operation, u(arc.start()), v(arc.start()), u(end), v(end), true, u(arc.center()), v(arc.center()),
                    arc.clockwise(), side, state.cutterRadiusMm(), null);
            if (segment.offsetArcRadius() <= EPSILON) {
                throw new GcodeException(GcodeError.CUTTER_COMPENSATION, state.source(), String.format(
                        "the tool radius %.4f mm does not fit inside this arc of radius %.4f mm", state.cutterRadiusMm(),
                        Math.hypot(u(arc.start()) - u(arc.center()), v(arc.start()) - v(arc.center()))));
            }
            return withPath(segment, new PlaneGeometry.Circle(segment.centerX(), segment.centerY(), segment.offsetArcRadius()));
        }
        return null;
    }

    private Segment line(CanonicalOperation operation, Position start, Position end, int side) {
        if (Math.hypot(u(end) - u(start), v(end) - v(start)) < EPSILON) {
            return null; // a plunge or retract across the plane: no travel in it, no corner
        }
        return new Segment(operation, u(start), v(start), u(end), v(end), false, 0, 0, false, side, operation.state().cutterRadiusMm(), null);
    }

    /**
     * Emits the held move up to the corner with {@code next} (or to its own offset end when
     * {@code next} is null), whatever the corner needs, and what waited behind it.
     */
    private void finishHeld(Segment next) {
        Segment previous = held;
        double[] end = previous.offsetPoint(1);
        List<double[]> connection = new ArrayList<>();
        boolean arcConnection = false;
        if (next != null) {
            double[] tA = previous.tangent(1);
            double[] tB = next.tangent(0);
            double cross = tA[0] * tB[1] - tA[1] * tB[0];
            double dot = tA[0] * tB[0] + tA[1] * tB[1];
            boolean tangent = Math.abs(cross) < TANGENT_RADIANS && dot > 0;
            boolean convex = !tangent && (previous.side() > 0 ? cross < TANGENT_RADIANS : cross > -TANGENT_RADIANS);
            double[] nextStart = next.offsetPoint(0);
            if (tangent) {
                end = nextStart;
            } else if (!convex) {
                end = intersection(previous, next, previous.endX(), previous.endY());
            } else if (linuxCncRules) {
                arcConnection = true;
                connection.add(nextStart);
            } else {
                List<double[]> corner = typeCCorner(end, tA, nextStart, tB, previous.radius(), dot);
                if (!previous.arc()) {
                    end = corner.remove(0); // a line extends to the first corner point
                }
                connection.addAll(corner);
                if (next.arc()) {
                    connection.add(nextStart);
                }
            }
        }
        checkNoReversal(previous, end);
        emitMove(previous, end);
        // What waited (a plunge, a dwell) happens at the corner before the tool goes round it.
        for (CanonicalOperation operation : waiting) {
            emit(operation, toolX, toolY);
        }
        waiting.clear();
        CanonicalOperation like = next != null ? next.operation() : previous.operation();
        if (arcConnection) {
            double[] to = connection.get(0);
            emitArc(like, to[0], to[1], previous.endX(), previous.endY(), previous.side() > 0);
        } else {
            for (double[] point : connection) {
                emitLine(like, point[0], point[1]);
            }
        }
        held = null;
    }

    /** FANUC type C outside corner: the offset tangents meet, or for more than 90° two points a radius past the corner. */
    private static List<double[]> typeCCorner(double[] end, double[] tA, double[] nextStart, double[] tB, double radius, double dot) {
        List<double[]> corner = new ArrayList<>();
        if (dot >= 0) {
            corner.add(PlaneGeometry.lineIntersection(end, tA, nextStart, tB));
        } else {
            corner.add(new double[] {end[0] + radius * tA[0], end[1] + radius * tA[1]});
            corner.add(new double[] {nextStart[0] - radius * tB[0], nextStart[1] - radius * tB[1]});
        }
        return corner;
    }

    /** Where the offset curves of a concave corner cross, nearest the programmed corner. */
    private static double[] intersection(Segment a, Segment b, double cornerX, double cornerY) {
        if (!a.arc() && !b.arc()) {
            return PlaneGeometry.lineIntersection(a.offsetPoint(1), a.tangent(1), b.offsetPoint(0), b.tangent(0));
        }
        List<double[]> candidates;
        if (a.arc() && b.arc()) {
            candidates = PlaneGeometry.circleCircle(a.path().x(), a.path().y(), a.path().radius(), b.path().x(), b.path().y(), b.path().radius());
        } else {
            Segment lineSegment = a.arc() ? b : a;
            Segment arcSegment = a.arc() ? a : b;
            double[] point = lineSegment == a ? a.offsetPoint(1) : b.offsetPoint(0);
            PlaneGeometry.Circle path = arcSegment.path();
            candidates = PlaneGeometry.lineCircle(point, lineSegment.tangent(0), path.x(), path.y(), path.radius());
        }
        double[] best = null;
        for (double[] candidate : candidates) {
            if (best == null || Math.hypot(candidate[0] - cornerX, candidate[1] - cornerY) < Math.hypot(best[0] - cornerX, best[1] - cornerY)) {
                best = candidate;
            }
        }
        if (best == null) {
            throw new GcodeException(GcodeError.CUTTER_COMPENSATION, b.operation().state().source(), String.format(
                    "the tool radius %.4f mm does not fit the inside corner before this block", a.radius()));
        }
        return best;
    }

    /** A line whose compensated end lies behind its start has been eaten by the corner: the tool does not fit. */
    private void checkNoReversal(Segment segment, double[] end) {
        if (segment.arc()) {
            return;
        }
        double[] t = segment.tangent(0);
        double startX = toolX;
        double startY = toolY;
        if ((end[0] - startX) * t[0] + (end[1] - startY) * t[1] < -1e-9) {
            throw new GcodeException(GcodeError.CUTTER_COMPENSATION, segment.operation().state().source(), String.format(
                    "the tool radius %.4f mm is too large for this move: the compensated path would run backwards", segment.radius()));
        }
    }

    private void emitMove(Segment segment, double[] end) {
        CanonicalOperation operation = segment.operation();
        if (operation instanceof CanonicalOperation.ArcFeed arc) {
            emitArc(operation, end[0], end[1], segment.path().x(), segment.path().y(), arc.clockwise());
        } else {
            emit(operation, end[0], end[1]);
        }
    }

    private void emitLine(CanonicalOperation like, double x, double y) {
        ModalState state = at(like.state(), x, y);
        Position start = at(like.state(), toolX, toolY).workPosition();
        out.accept(new CanonicalOperation.LinearFeed(start, state));
        toolX = x;
        toolY = y;
    }

    private void emitArc(CanonicalOperation like, double x, double y, double centerX, double centerY, boolean clockwise) {
        ModalState state = at(like.state(), x, y);
        Position start = at(like.state(), toolX, toolY).workPosition();
        Position center = state.workPosition().with(plane.first, centerX).with(plane.second, centerY);
        int turns = like instanceof CanonicalOperation.ArcFeed arc ? arc.extraTurns() : 0;
        out.accept(new CanonicalOperation.ArcFeed(start, center, clockwise, turns, state));
        toolX = x;
        toolY = y;
    }

    /** Re-emits a move or any other operation with the tool centre at (x, y). */
    private void emit(CanonicalOperation operation, double x, double y) {
        ModalState state = at(operation.state(), x, y);
        Position from = at(operation.state(), toolX, toolY).workPosition();
        CanonicalOperation moved;
        if (operation instanceof CanonicalOperation.Traverse) {
            moved = new CanonicalOperation.Traverse(from.with(plane.normal, startNormal(operation)), state);
        } else if (operation instanceof CanonicalOperation.LinearFeed) {
            moved = new CanonicalOperation.LinearFeed(from.with(plane.normal, startNormal(operation)), state);
        } else if (operation instanceof CanonicalOperation.Dwell dwell) {
            moved = new CanonicalOperation.Dwell(dwell.seconds(), state);
        } else if (operation instanceof CanonicalOperation.SpindleChange) {
            moved = new CanonicalOperation.SpindleChange(state);
        } else if (operation instanceof CanonicalOperation.ToolChange change) {
            moved = new CanonicalOperation.ToolChange(change.fromToolNumber(), change.toToolNumber(), state);
        } else if (operation instanceof CanonicalOperation.CoolantChange) {
            moved = new CanonicalOperation.CoolantChange(state);
        } else if (operation instanceof CanonicalOperation.ProgramStop stop) {
            moved = new CanonicalOperation.ProgramStop(stop.code(), state);
        } else {
            moved = operation;
        }
        out.accept(moved);
        toolX = x;
        toolY = y;
    }

    private double startNormal(CanonicalOperation operation) {
        Position start = operation instanceof CanonicalOperation.Traverse traverse ? traverse.start()
                : ((CanonicalOperation.LinearFeed) operation).start();
        return start.get(plane.normal);
    }

    /** The same state with the tool centre at (x, y) in the plane: the machine position follows, through the same offsets. */
    private ModalState at(ModalState state, double x, double y) {
        double dx = x - u(state.workPosition());
        double dy = y - v(state.workPosition());
        if (dx == 0 && dy == 0) {
            return state;
        }
        Position shift = Position.ORIGIN.with(plane.first, dx).with(plane.second, dy);
        return new ModalState(state.source(), state.sequenceNumber(), state.workPosition().plus(shift), state.motion(), state.modes());
    }
}
