package org.cnctwin.machine.gcode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs the module's JMH benchmarks; when {@link InterpretBenchmark} was among them, also times
 * LinuxCNC's rs274 on the same two files in the same run and prints both in blocks per second
 * with their ratio.
 */
public final class GcodeBenchmarkMain {

    private static final int RS274_RUNS = 5;

    private GcodeBenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        Rs274Peer.binary(); // fetches LinuxCNC's package once: rs274 and 3D_Chips.ngc come from it
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
        Path tools = Files.createTempFile("rs274-bench-", ".tbl");
        try {
            Files.writeString(tools, "T1 P1 D0.125 Z+0.5\n");
            double best = Double.MAX_VALUE;
            for (int run = 0; run < RS274_RUNS; run++) {
                best = Math.min(best, Rs274Peer.seconds(program, tools));
            }
            return best;
        } finally {
            Files.delete(tools);
        }
    }
}
