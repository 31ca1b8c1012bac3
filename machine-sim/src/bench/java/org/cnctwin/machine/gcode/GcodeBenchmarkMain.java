package org.cnctwin.machine.gcode;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs the module's JMH benchmarks; when {@link InterpretBenchmark} was among them, also times
 * LinuxCNC's rs274 on the same two files in the same run and prints both in blocks per second
 * with their ratio.
 */
public final class GcodeBenchmarkMain {

    private static final Path LINUXCNC = Path.of(System.getProperty("user.home"), ".cache", "cnc-twin", "linuxcnc", "root");
    private static final int RS274_RUNS = 5;

    private GcodeBenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
        double ours100k = 0;
        double oursChipsRuns = 0;
        for (RunResult result : results) {
            String name = result.getParams().getBenchmark();
            double score = result.getPrimaryResult().getScore();
            if (name.endsWith("generated100k")) {
                ours100k = score;
            } else if (name.endsWith("chips3d")) {
                oursChipsRuns = score;
            }
        }
        if (ours100k == 0 || oursChipsRuns == 0) {
            return; // only other benchmarks were selected: nothing to compare with rs274
        }
        Path generated = InterpretBenchmark.writeGeneratedProgram();
        int chipsBlocks = Program.parse("3D_Chips.ngc", Files.readString(InterpretBenchmark.CHIPS), Dialect.LINUXCNC).blocks().size();
        double oursChips = oursChipsRuns * chipsBlocks;
        double rs274100k = InterpretBenchmark.GENERATED_BLOCKS / rs274Seconds(generated);
        double rs274Chips = chipsBlocks / rs274Seconds(InterpretBenchmark.CHIPS);
        System.out.printf(Locale.ROOT, "%n%-22s %18s %18s %8s%n", "program", "ours blocks/s", "rs274 blocks/s", "ratio");
        System.out.printf(Locale.ROOT, "%-22s %,18.0f %,18.0f %7.1fx%n", "generated 100k blocks", ours100k, rs274100k, ours100k / rs274100k);
        System.out.printf(Locale.ROOT, "%-22s %,18.0f %,18.0f %7.1fx%n", "3D_Chips (" + chipsBlocks + ")", oursChips, rs274Chips, oursChips / rs274Chips);
    }

    /** Best of {@value #RS274_RUNS} wall-clock runs of rs274 (process start included, as a user would run it). */
    private static double rs274Seconds(Path program) throws Exception {
        Path rs274 = LINUXCNC.resolve("usr/bin/rs274");
        double best = Double.MAX_VALUE;
        for (int run = 0; run < RS274_RUNS; run++) {
            Path scratch = Files.createTempDirectory("rs274-bench-");
            Path variables = Files.createFile(scratch.resolve("rs274.var"));
            Path tools = Files.writeString(scratch.resolve("tools.tbl"), "T1 P1 D0.125 Z+0.5\n");
            ProcessBuilder builder = new ProcessBuilder(List.of(rs274.toString(), "-g", "-v", variables.toString(), "-t", tools.toString(),
                    program.toAbsolutePath().toString(), scratch.resolve("out.txt").toString()))
                    .redirectInput(new File("/dev/null")).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true);
            builder.environment().put("HOME", scratch.toString());
            builder.environment().put("LD_LIBRARY_PATH", LINUXCNC.resolve("usr/lib") + ":" + LINUXCNC.resolve("usr/lib/x86_64-linux-gnu"));
            long start = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("rs274 failed on " + program);
            }
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return best;
    }
}
