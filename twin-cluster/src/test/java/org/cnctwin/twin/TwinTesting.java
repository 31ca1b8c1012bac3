package org.cnctwin.twin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cnctwin.protocol.ControllerMode;
import org.cnctwin.protocol.CoolantState;
import org.cnctwin.protocol.ExecutionState;
import org.cnctwin.protocol.LinearAxis;
import org.cnctwin.protocol.ProtocolCodec;
import org.cnctwin.protocol.TelemetryBatch;
import org.cnctwin.protocol.TelemetrySample;

/** Telemetry for twin tests: samples 0.1 s apart from a fixed start, with the values a test cares about. */
public final class TwinTesting {

    static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    private TwinTesting() {}

    /** A machine cutting steady with tool 2: 6,000 rpm, 2 kW, the given temperature and vibration. */
    public static TelemetrySample sample(long sequenceNumber, double spindleTempC, double vibrationRmsMmPerS) {
        return sample(T0.plusMillis(100 * sequenceNumber), sequenceNumber, spindleTempC, vibrationRmsMmPerS);
    }

    /** The same machine, at a time of the caller's (live load publishes samples stamped now). */
    public static TelemetrySample sample(Instant timestamp, long sequenceNumber, double spindleTempC, double vibrationRmsMmPerS) {
        return new TelemetrySample(timestamp, sequenceNumber, 6000, 20, 2.0, spindleTempC, vibrationRmsMmPerS,
                Map.of(LinearAxis.X, -100.0, LinearAxis.Y, -50.0, LinearAxis.Z, -300.0), Map.of(), 800, "O1002", 40, 2,
                ExecutionState.ACTIVE, ControllerMode.AUTOMATIC, CoolantState.FLOOD, 0, List.of());
    }

    /** Samples {@code first} to {@code last} at 30 °C and 1 mm/s. */
    public static TelemetryBatch batch(String machineId, long first, long last) {
        List<TelemetrySample> samples = new ArrayList<>();
        for (long sequence = first; sequence <= last; sequence++) {
            samples.add(sample(sequence, 30, 1));
        }
        return new TelemetryBatch(ProtocolCodec.SCHEMA_VERSION, machineId, samples);
    }
}
