package org.cnctwin.twin.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.cnctwin.machine.sim.FaultSpec;
import org.cnctwin.machine.sim.FleetOptions;
import org.cnctwin.machine.sim.Job;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code twin-cluster.jar evaluate}: the twin's detection and forecasts against the simulator's truth (docs/detection.md). */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulate machines as fast as they go (as fleet-sim run --no-publish would), feed every batch and event to the twin's own",
                "logic (estimate, detectors, planner) without a cluster, and judge what it finds against the simulator's truth.",
                "Faults: TYPE[/SEVERITY]@TIME[:MACHINE], e.g. accelerated-tool-wear/0.5@1h:cnc-002 (fleet-sim run --help lists the types)."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:the report was written", "2:an option is not valid"})
public final class EvaluateCommand implements Callable<Integer> {

    @Mixin
    FleetOptions machinesToSimulate;

    @Option(names = "--duration", defaultValue = "8h", description = "simulated time per machine, e.g. 90m, 8h (default ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--report", required = true, description = "where to write the JSON report")
    Path report;

    @Option(names = "--threads", description = "machines simulated at once (default: one per core)")
    Integer threads;

    @Option(names = "--no-publish", description = "accepted, so a fleet-sim run command line works here; nothing is ever published")
    boolean noPublish;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Evaluation.Options options;
        try {
            options = options();
        } catch (IllegalArgumentException invalid) {
            throw new CommandLine.ParameterException(spec.commandLine(), invalid.getMessage());
        }
        EvaluationReport result = Evaluation.run(options);
        try {
            Files.writeString(report, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result) + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--report " + report + ": cannot write it (" + e.getMessage() + ")");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(summary(result));
        out.println("report: " + report.toAbsolutePath());
        out.flush();
        return 0;
    }

    private Evaluation.Options options() {
        Duration simulated = Duration.ofMillis(Math.round(FaultSpec.seconds(duration, "--duration") * 1000));
        int parallel = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (parallel < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, was " + parallel);
        }
        return new Evaluation.Options(machinesToSimulate.machines, machinesToSimulate.idPrefix, machinesToSimulate.specs(), Job.sample(), simulated,
                machinesToSimulate.seed, machinesToSimulate.faultSpecs(), parallel);
    }

    /** A few lines for the terminal; the report has everything. */
    static String summary(EvaluationReport report) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%.1f machine-hours in %.0f s (%.0fx real time per thread); detectors %s%n",
                report.machineHours(), report.wallSeconds(), report.simulatedSecondsPerSecond(), report.detectors()));
        Map<String, List<EvaluationReport.Fault>> byType = report.faults().stream()
                .collect(Collectors.groupingBy(EvaluationReport.Fault::type, TreeMap::new, Collectors.toList()));
        byType.forEach((type, faults) -> {
            long failed = faults.stream().filter(fault -> fault.failureAtS() != null).count();
            List<Double> early = faults.stream().filter(fault -> fault.detectedAtS() != null
                    && (fault.failureAtS() == null || fault.detectedAtS() < fault.failureAtS())).map(fault -> fault.detectedAtS() - fault.onsetS())
                    .sorted().toList();
            text.append(String.format(Locale.ROOT, "  %-26s %d run(s), %d failed; found before any failure in %d%s%n", type, faults.size(), failed,
                    early.size(), early.isEmpty() ? "" : String.format(Locale.ROOT, ", median %.0f s after onset", early.get(early.size() / 2))));
        });
        text.append(String.format(Locale.ROOT, "  false alarms: %d (%.2f per 1,000 machine-hours)%n", report.falseAlarms().size(),
                1000 * report.falseAlarms().size() / Math.max(report.machineHours(), 1e-9)));
        double worst = report.rul().stream().filter(rul -> rul.lifeFraction() >= 0.3).mapToDouble(rul -> Math.abs(rul.errorFractionOfLife())).max()
                .orElse(Double.NaN);
        text.append(String.format(Locale.ROOT, "  tool life forecasts: %d, worst error from 30 %% of life on %.1f %% of life", report.rul().size(),
                100 * worst));
        return text.toString();
    }
}
