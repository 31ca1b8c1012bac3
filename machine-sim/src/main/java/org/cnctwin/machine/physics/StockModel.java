package org.cnctwin.machine.physics;

/**
 * The workpiece as a 2.5D height map (Z-map): a grid of cells over the stock's XY extent, each
 * holding the top of the material there. A flat end mill moving along a straight segment lowers
 * every cell under its disc to the tip's height; what it removes gives the cut's engagement, so
 * force and power come from the actual toolpath and stock instead of a guess:
 * axial depth a_p runs from the highest material top the tool met down to its lowest tip
 * position, and the radial engagement follows from the removed volume over the length that cut,
 * {@code a_e = V / (a_p · L_cutting)} (material removal rate {@code Q = a_p · a_e · v_f}).
 *
 * <p>Coordinates are the program's work coordinates, mm. Arcs are cut as short segments.
 * Simplifies: flat-bottomed tools only, no overhangs, cells are cut whole by their centre.
 */
public final class StockModel {

    /** What one segment removed and how the tool was engaged while removing it. */
    public record Cut(double removedVolumeMm3, double axialDepthMm, double radialEngagementMm) {
        public static final Cut AIR = new Cut(0, 0, 0);

        public boolean isCutting() {
            return removedVolumeMm3 > 0;
        }
    }

    private final double minX;
    private final double minY;
    private final double cellMm;
    private final int columns;
    private final int rows;
    private final double[] topZ;

    /**
     * A rectangular block of stock from (minX, minY) to (maxX, maxY) with its top at {@code topZ}.
     *
     * @param cellMm grid spacing: 0.5 mm resolves a 10 mm tool's engagement to a few per cent
     */
    public StockModel(double minX, double minY, double maxX, double maxY, double topZ, double cellMm) {
        this.minX = minX;
        this.minY = minY;
        this.cellMm = cellMm;
        this.columns = (int) Math.ceil((maxX - minX) / cellMm);
        this.rows = (int) Math.ceil((maxY - minY) / cellMm);
        this.topZ = new double[columns * rows];
        java.util.Arrays.fill(this.topZ, topZ);
    }

    /** A fresh blank: every cell back at {@code topZ}. */
    public void reset(double topZ) {
        java.util.Arrays.fill(this.topZ, topZ);
    }

    /** The material's top at (x, y), or NaN outside the stock. */
    public double topAt(double x, double y) {
        int column = (int) Math.floor((x - minX) / cellMm);
        int row = (int) Math.floor((y - minY) / cellMm);
        return column < 0 || row < 0 || column >= columns || row >= rows ? Double.NaN : topZ[row * columns + column];
    }

    /** The stock's remaining volume, mm³. */
    public double volumeMm3(double floorZ) {
        double volume = 0;
        for (double top : topZ) {
            volume += Math.max(0, top - floorZ);
        }
        return volume * cellMm * cellMm;
    }

    /**
     * Moves a flat end mill of {@code toolRadiusMm} with its tip from (x0, y0, z0) to (x1, y1, z1),
     * removing what is in the way.
     */
    public Cut cut(double x0, double y0, double z0, double x1, double y1, double z1, double toolRadiusMm) {
        double length = Math.sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0) + (z1 - z0) * (z1 - z0));
        int steps = Math.max(1, (int) Math.ceil(length / (cellMm / 2)));
        double removed = 0;
        double highestTop = Double.NEGATIVE_INFINITY;
        double lowestTip = Double.POSITIVE_INFINITY;
        int cuttingSteps = 0;
        double radiusSquared = toolRadiusMm * toolRadiusMm;
        for (int step = 1; step <= steps; step++) {
            double t = (double) step / steps;
            double x = x0 + (x1 - x0) * t;
            double y = y0 + (y1 - y0) * t;
            double z = z0 + (z1 - z0) * t;
            int firstColumn = Math.max(0, (int) Math.floor((x - toolRadiusMm - minX) / cellMm));
            int lastColumn = Math.min(columns - 1, (int) Math.floor((x + toolRadiusMm - minX) / cellMm));
            int firstRow = Math.max(0, (int) Math.floor((y - toolRadiusMm - minY) / cellMm));
            int lastRow = Math.min(rows - 1, (int) Math.floor((y + toolRadiusMm - minY) / cellMm));
            double removedBefore = removed;
            for (int row = firstRow; row <= lastRow; row++) {
                double dy = minY + (row + 0.5) * cellMm - y;
                for (int column = firstColumn; column <= lastColumn; column++) {
                    double dx = minX + (column + 0.5) * cellMm - x;
                    int cell = row * columns + column;
                    if (dx * dx + dy * dy <= radiusSquared && topZ[cell] > z) {
                        removed += topZ[cell] - z;
                        highestTop = Math.max(highestTop, topZ[cell]);
                        topZ[cell] = z;
                    }
                }
            }
            if (removed > removedBefore) {
                cuttingSteps++;
                lowestTip = Math.min(lowestTip, z);
            }
        }
        if (removed == 0) {
            return Cut.AIR;
        }
        double volume = removed * cellMm * cellMm;
        double axial = highestTop - lowestTip;
        double cuttingLength = Math.sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)) * cuttingSteps / steps;
        // A plunge has no planar travel: it engages the whole diameter.
        double radial = cuttingLength > 0 ? Math.min(2 * toolRadiusMm, volume / (axial * cuttingLength)) : 2 * toolRadiusMm;
        return new Cut(volume, axial, radial);
    }
}
