package org.cnctwin.machine.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cnctwin.protocol.ProtocolCodec;
import org.cnctwin.protocol.TelemetryBatch;
import org.cnctwin.protocol.TelemetrySample;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;

/**
 * How much faster than real time one simulated machine runs on one thread: each operation is one
 * simulated second (ten 10 Hz samples) of the sample job, so the score in operations per second
 * is the speed-up over real time. The machine keeps running from iteration to iteration, so the
 * figure averages cutting, rapids, tool changes and loading, as a long run does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class SimulatorBenchmark {

    @Param({"vmc-3axis", "hsm-24k", "hmc-500"})
    public String profile;

    private SimulatedMachine machine;
    private final ProtocolCodec codec = new ProtocolCodec();

    @Setup
    public void start() {
        machine = new SimulatedMachine("cnc-001", MachineSpec.named(profile), Job.sample(), 1, Instant.now());
    }

    /** The simulation alone: physics, stock model, sensors. */
    @Benchmark
    public void simulatedSecond(Blackhole sink) {
        for (int i = 0; i < 10; i++) {
            sink.consume(machine.nextSample());
        }
        sink.consume(machine.drainEvents());
    }

    /** The simulation and the JSON message a publishing machine sends each second. */
    @Benchmark
    public byte[] simulatedSecondEncoded() {
        List<TelemetrySample> samples = new ArrayList<>(10);
        for (int i = 0; i < 10; i++) {
            samples.add(machine.nextSample());
        }
        machine.drainEvents();
        return codec.encode(new TelemetryBatch(ProtocolCodec.SCHEMA_VERSION, machine.machineId(), samples));
    }
}
