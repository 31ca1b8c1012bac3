package org.cnctwin.protocol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Decode + validate throughput of telemetry on one thread. Scores are samples per second:
 * each invocation decodes one batch and counts as its number of samples.
 *
 * <p>Run: {@code ./mvnw -B -Dbench -DskipTests verify -pl protocol -am}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class DecodeBenchmark {

    static final int SMALL_BATCH = 10;
    static final int LARGE_BATCH = 200;

    private final ProtocolCodec codec = new ProtocolCodec();
    private final String topic = Topics.telemetry("vmc-01");
    private byte[] tenSamples;
    private byte[] twoHundredSamples;

    @Setup
    public void encodeBatches() {
        tenSamples = codec.encode(batch(SMALL_BATCH));
        twoHundredSamples = codec.encode(batch(LARGE_BATCH));
    }

    /** One message a second of a machine sampling at 10 Hz: the common case. */
    @Benchmark
    @OperationsPerInvocation(SMALL_BATCH)
    public TelemetryBatch batchOf10() {
        return codec.decodeTelemetry(topic, tenSamples).message();
    }

    /** Near the 128 KiB message limit. */
    @Benchmark
    @OperationsPerInvocation(LARGE_BATCH)
    public TelemetryBatch batchOf200() {
        return codec.decodeTelemetry(topic, twoHundredSamples).message();
    }

    static TelemetryBatch batch(int size) {
        Instant start = Instant.now().minusSeconds(60);
        List<TelemetrySample> samples = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            samples.add(new TelemetrySample(start.plusMillis(100L * i), 1_000_000L + i, 9000 + i * 0.37, 38.5 + i % 7, 5.8, 31.2 + i * 0.01, 1.12,
                    Map.of(LinearAxis.X, -120.5 + i, LinearAxis.Y, 45.25, LinearAxis.Z, -310.0), Map.of(), 1800.0, "O1001", 120 + i, 3,
                    ExecutionState.ACTIVE, ControllerMode.AUTOMATIC, CoolantState.FLOOD, 57, List.of()));
        }
        return new TelemetryBatch(1, "vmc-01", samples);
    }
}
