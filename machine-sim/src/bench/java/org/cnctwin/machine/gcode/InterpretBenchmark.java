package org.cnctwin.machine.gcode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parse + interpret throughput on one thread, in blocks per second: a generated 100,000-block
 * program and LinuxCNC's 3D_Chips sample (4,711 lines). Both are interpreted in the linuxcnc
 * dialect so {@link GcodeBenchmarkMain} can time rs274 on the very same files.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
public class InterpretBenchmark {

    static final int GENERATED_BLOCKS = 100_000;
    static final Path GENERATED = Path.of("target", "bench", "generated-100k.ngc");
    static final Path CHIPS = Rs274Peer.SAMPLES.resolve("3D_Chips.ngc");
    /** Lines of 3D_Chips.ngc that hold a block (words or a statement), counted once in {@link #load}. */
    static int chipsBlocks;

    private String generated;
    private String chips;
    private Program generatedParsed;

    @Setup
    public void load() throws IOException {
        generated = Files.readString(writeGeneratedProgram(), StandardCharsets.UTF_8);
        generatedParsed = Program.parse("generated-100k.ngc", generated, Dialect.LINUXCNC);
        chips = Files.readString(CHIPS, StandardCharsets.UTF_8);
        chipsBlocks = Program.parse("3D_Chips.ngc", chips, Dialect.LINUXCNC).blocks().size();
    }

    @Benchmark
    @OperationsPerInvocation(GENERATED_BLOCKS)
    public void generated100k(Blackhole sink) {
        interpret("generated-100k.ngc", generated, sink);
    }

    /** Parsing alone, to see how the time splits between parser and interpreter. */
    @Benchmark
    @OperationsPerInvocation(GENERATED_BLOCKS)
    public Program generated100kParseOnly() {
        return Program.parse("generated-100k.ngc", generated, Dialect.LINUXCNC);
    }

    /** Interpreting alone: the program parsed once, beforehand. */
    @Benchmark
    @OperationsPerInvocation(GENERATED_BLOCKS)
    public void generated100kInterpretOnly(Blackhole sink) {
        Interpreter.builder().dialect(Dialect.LINUXCNC).build().run(generatedParsed, sink::consume);
    }

    /** Counted per program run; {@link GcodeBenchmarkMain} turns it into blocks/s with the block count. */
    @Benchmark
    public void chips3d(Blackhole sink) {
        interpret("3D_Chips.ngc", chips, sink);
    }

    private static void interpret(String name, String text, Blackhole sink) {
        Interpreter.builder().dialect(Dialect.LINUXCNC).build().run(Program.parse(name, text, Dialect.LINUXCNC), sink::consume);
    }

    /** A profiling-like program: contouring lines and arcs, plunges, rapids, spindle and coolant; every value with a decimal point. */
    static Path writeGeneratedProgram() throws IOException {
        if (Files.isRegularFile(GENERATED)) {
            return GENERATED;
        }
        StringBuilder program = new StringBuilder("G21 G17 G90 G94\nT1 M6\nS8000 M3\nM8\nG0 X0. Y0. Z5.\nG1 Z-1. F600.\n");
        int blocks = 6;
        double x = 0;
        double y = 0;
        int i = 0;
        while (blocks < GENERATED_BLOCKS - 3) {
            switch (i++ % 8) {
                case 0, 1, 2, 3 -> {
                    x += 1.25;
                    y = (i % 16) * 0.5;
                    program.append(String.format(Locale.ROOT, "N%d G1 X%.3f Y%.3f F%.1f%n", i, x, y, 600.0 + i % 7));
                }
                case 4 -> {
                    program.append(String.format(Locale.ROOT, "N%d G2 X%.3f Y%.3f I2.5 J0.%n", i, x + 5, y));
                    x += 5;
                }
                case 5 -> {
                    program.append(String.format(Locale.ROOT, "N%d G3 X%.3f Y%.3f R2.5%n", i, x + 5, y));
                    x += 5;
                }
                case 6 -> program.append(String.format(Locale.ROOT, "N%d G0 Z2.%n", i));
                default -> program.append(String.format(Locale.ROOT, "N%d G1 Z-1. F300.%n", i));
            }
            blocks++;
        }
        program.append("M9\nM5\nM2\n");
        Files.createDirectories(GENERATED.getParent());
        Files.writeString(GENERATED, program.toString());
        return GENERATED;
    }
}
