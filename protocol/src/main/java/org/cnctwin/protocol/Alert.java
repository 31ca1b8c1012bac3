package org.cnctwin.protocol;

import java.time.Instant;
import java.util.List;

/**
 * A change in the life of an alert, published by the twin on {@code cnc/{machineId}/alerts}:
 * raised by a detector, acknowledged by a person, cleared when its condition ends.
 */
public record Alert(int schemaVersion, String alertId, String machineId, Instant timestamp, Change change) {

    /** The JSON {@code type} field is the record's simple name. */
    public sealed interface Change {}

    /**
     * @param source the detector that raised it, e.g. {@code rules}, {@code zscore}, {@code tool-life}
     * @param code stable machine-readable reason, e.g. {@code VIBRATION_ZONE_D}
     * @param evidence the signal values that made the detector decide
     */
    public record AlertRaised(Severity severity, String source, String code, String message, List<Evidence> evidence)
            implements Change {
        public AlertRaised {
            evidence = List.copyOf(evidence);
        }
    }

    /** @param note free text, empty when none */
    public record AlertAcknowledged(String acknowledgedBy, String note) implements Change {}

    public record AlertCleared(String reason) implements Change {}

    /**
     * One observation behind an alert.
     *
     * @param limit the threshold that was crossed, NaN when the detector has none (e.g. a model score)
     */
    public record Evidence(String signal, double value, double limit, String unit) {}
}
