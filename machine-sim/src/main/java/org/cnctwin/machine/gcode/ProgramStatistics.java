package org.cnctwin.machine.gcode;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Sums up a program from its canonical operations: cycle time (feed, rapid, dwell, tool changes;
 * constant speeds, no acceleration), distances, tools used and the bounding box of the tool tip
 * in work coordinates.
 */
public final class ProgramStatistics implements Consumer<CanonicalOperation> {

    private final MachineProfile profile;
    private double feedDistanceMm;
    private double rapidDistanceMm;
    private double feedTimeS;
    private double rapidTimeS;
    private double dwellTimeS;
    private int toolChanges;
    private final Set<Integer> tools = new TreeSet<>();
    private final double[] min = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    private final double[] max = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
    private long operations;

    public ProgramStatistics(MachineProfile profile) {
        this.profile = profile;
    }

    @Override
    public void accept(CanonicalOperation operation) {
        operations++;
        ModalState state = operation.state();
        if (operation instanceof CanonicalOperation.Traverse traverse) {
            double distance = traverse.start().linearDistanceTo(state.workPosition());
            rapidDistanceMm += distance;
            rapidTimeS += distance / profile.rapidRateMmPerMin() * 60;
            include(traverse.start());
            include(state.workPosition());
        } else if (operation instanceof CanonicalOperation.LinearFeed feed) {
            addFeed(feed.start().linearDistanceTo(state.workPosition()), state);
            include(feed.start());
            include(state.workPosition());
        } else if (operation instanceof CanonicalOperation.ArcFeed arc) {
            addFeed(ArcGeometry.of(arc).lengthMm(), state);
            include(arc.start());
            include(state.workPosition());
        } else if (operation instanceof CanonicalOperation.Dwell dwell) {
            dwellTimeS += dwell.seconds();
        } else if (operation instanceof CanonicalOperation.ToolChange change) {
            toolChanges++;
            tools.add(change.toToolNumber());
        }
    }

    private void addFeed(double distanceMm, ModalState state) {
        feedDistanceMm += distanceMm;
        double mmPerMin = state.feedPerRevolution() ? state.feedRate() * state.spindleSpeedRpm() : state.feedRate();
        if (mmPerMin > 0) {
            feedTimeS += distanceMm / mmPerMin * 60;
        }
    }

    private void include(Position position) {
        for (int axis = 0; axis < 3; axis++) {
            min[axis] = Math.min(min[axis], position.get(axis));
            max[axis] = Math.max(max[axis], position.get(axis));
        }
    }

    public double cycleTimeS() {
        return feedTimeS + rapidTimeS + dwellTimeS + toolChanges * profile.toolChangeTimeS();
    }

    public double feedDistanceMm() {
        return feedDistanceMm;
    }

    public double rapidDistanceMm() {
        return rapidDistanceMm;
    }

    public double feedTimeS() {
        return feedTimeS;
    }

    public double rapidTimeS() {
        return rapidTimeS;
    }

    public double dwellTimeS() {
        return dwellTimeS;
    }

    public int toolChanges() {
        return toolChanges;
    }

    public Set<Integer> tools() {
        return Set.copyOf(tools);
    }

    public long operations() {
        return operations;
    }

    /** @return {minX, minY, minZ, maxX, maxY, maxZ} in mm, or null when nothing moved */
    public double[] boundingBoxMm() {
        return operations == 0 || min[0] == Double.POSITIVE_INFINITY ? null : new double[] {min[0], min[1], min[2], max[0], max[1], max[2]};
    }
}
