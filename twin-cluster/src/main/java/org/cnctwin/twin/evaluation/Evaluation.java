package org.cnctwin.twin.evaluation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cnctwin.machine.sim.FaultSpec;
import org.cnctwin.machine.sim.FleetLayout;
import org.cnctwin.machine.sim.Job;
import org.cnctwin.machine.sim.MachineSpec;

/**
 * The twin's detection judged against the simulator's truth: machines as {@code fleet-sim run
 * --no-publish} would simulate them (the same ids, profiles in turn, seeds and faults), each fed
 * to its twin's own logic ({@link MachineEvaluation}) as fast as it goes, one thread per core.
 */
public final class Evaluation {

    /** Every simulated machine starts here: the report depends on the options only. */
    static final Instant START = Instant.parse("2026-01-05T06:00:00Z");

    /**
     * @param profiles given to the machines in turn
     * @param faults what to inject, as {@code --fault} and {@code --scenario} give them
     */
    public record Options(int machines, String idPrefix, List<MachineSpec> profiles, Job job, Duration duration, long seed, List<FaultSpec> faults,
                          int threads) {

        public Options {
            if (machines < 1) {
                throw new IllegalArgumentException("--machines must be at least 1, was " + machines);
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("--duration must be above zero, was " + duration);
            }
            if (profiles.isEmpty()) {
                throw new IllegalArgumentException("--profiles: at least one machine profile is needed");
            }
            profiles = List.copyOf(profiles);
            faults = List.copyOf(faults);
            FleetLayout.checkFaults(faults, machines, idPrefix);
        }
    }

    private Evaluation() {}

    public static EvaluationReport run(Options options) throws InterruptedException {
        long startNanos = System.nanoTime();
        List<MachineEvaluation> machines = new ArrayList<>();
        for (int index = 0; index < options.machines(); index++) {
            // fleet-sim's machine of this index: the same machine, whether simulated there or here.
            machines.add(new MachineEvaluation(FleetLayout.machineId(options.idPrefix(), index), FleetLayout.profile(options.profiles(), index),
                    options.job(), FleetLayout.machineSeed(options.seed(), index), START, options.faults()));
        }
        long seconds = options.duration().toSeconds();
        ExecutorService threads = Executors.newFixedThreadPool(Math.max(1, Math.min(options.threads(), machines.size())));
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (MachineEvaluation machine : machines) {
                runs.add(threads.submit(() -> machine.run(seconds)));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } catch (ExecutionException failed) {
            throw new IllegalStateException("a machine's evaluation failed: " + failed.getCause(), failed.getCause());
        } finally {
            threads.shutdownNow();
        }
        double wallSeconds = (System.nanoTime() - startNanos) / 1e9;
        double simulatedSeconds = machines.stream().mapToDouble(MachineEvaluation::simulatedSeconds).sum();
        Map<String, Integer> alertsByDetector = new TreeMap<>();
        machines.forEach(machine -> machine.alertsByDetector().forEach((detector, count) -> alertsByDetector.merge(detector, count, Integer::sum)));
        int parallel = Math.max(1, Math.min(options.threads(), machines.size()));
        return new EvaluationReport(simulatedSeconds / 3600,
                machines.stream().flatMap(machine -> machine.faults().stream())
                        .sorted(Comparator.comparing(EvaluationReport.Fault::machineId).thenComparingDouble(EvaluationReport.Fault::onsetS)).toList(),
                machines.stream().flatMap(machine -> machine.falseAlarms().stream()).toList(),
                machines.stream().flatMap(machine -> machine.rul().stream()).toList(),
                machines.get(0).detectorNames(), alertsByDetector, options.machines(), options.seed(), wallSeconds,
                simulatedSeconds / parallel / wallSeconds);
    }
}
