package org.cnctwin.protocol;

import java.util.List;

/**
 * What a machine publishes to {@code cnc/{machineId}/telemetry}: several samples per message,
 * because one MQTT message per sample costs ~10x more at the broker and in the journal.
 */
public record TelemetryBatch(int schemaVersion, String machineId, List<TelemetrySample> samples) {

    public TelemetryBatch {
        samples = List.copyOf(samples);
    }
}
