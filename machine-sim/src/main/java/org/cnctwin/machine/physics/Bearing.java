package org.cnctwin.machine.physics;

/**
 * A rolling-element bearing: its defect frequencies (for a detector to recognise a fault in the
 * spectrum) and its ISO 281 rating life.
 *
 * @param rollingElements N
 * @param elementDiameterMm Bd
 * @param pitchDiameterMm Pd
 * @param contactAngleDeg α (0 for a deep-groove ball bearing under radial load)
 * @param dynamicLoadRatingKn C
 * @param roller true for roller bearings (life exponent 10/3), false for ball bearings (3)
 */
public record Bearing(String designation, int rollingElements, double elementDiameterMm, double pitchDiameterMm, double contactAngleDeg,
                      double dynamicLoadRatingKn, boolean roller) {

    /** SKF 6205 deep-groove ball bearing: 9 balls of 7.938 mm on a 38.5 mm pitch circle, C = 14.8 kN. */
    public static final Bearing SKF_6205 = new Bearing("6205", 9, 7.938, 38.5, 0, 14.8, false);
    /** A 7014 angular-contact spindle bearing (70 mm bore), typical of 12,000 rpm VMC spindles (assumed geometry). */
    public static final Bearing ANGULAR_7014 = new Bearing("7014", 20, 11.1, 92.5, 15, 48.8, false);
    /** A 7008 angular-contact spindle bearing (40 mm bore), typical of 24,000 rpm spindles (assumed geometry). */
    public static final Bearing ANGULAR_7008 = new Bearing("7008", 17, 7.9, 54.0, 15, 17.4, false);

    private double ratio() {
        return elementDiameterMm / pitchDiameterMm * Math.cos(Math.toRadians(contactAngleDeg));
    }

    /** Fundamental train (cage) frequency, Hz, at shaft speed {@code shaftHz}. */
    public double ftfHz(double shaftHz) {
        return shaftHz / 2 * (1 - ratio());
    }

    /** Ball pass frequency, outer race. */
    public double bpfoHz(double shaftHz) {
        return rollingElements * shaftHz / 2 * (1 - ratio());
    }

    /** Ball pass frequency, inner race. */
    public double bpfiHz(double shaftHz) {
        return rollingElements * shaftHz / 2 * (1 + ratio());
    }

    /** Ball (rolling element) spin frequency. */
    public double bsfHz(double shaftHz) {
        double r = ratio();
        return pitchDiameterMm / (2 * elementDiameterMm) * shaftHz * (1 - r * r);
    }

    /** ISO 281 basic rating life L10 in millions of revolutions under equivalent load P. */
    public double l10MillionRevolutions(double equivalentLoadKn) {
        return Math.pow(dynamicLoadRatingKn / equivalentLoadKn, roller ? 10.0 / 3 : 3);
    }

    /** L10 in hours at {@code speedRpm}. */
    public double l10Hours(double equivalentLoadKn, double speedRpm) {
        return 1e6 / (60 * speedRpm) * l10MillionRevolutions(equivalentLoadKn);
    }
}
