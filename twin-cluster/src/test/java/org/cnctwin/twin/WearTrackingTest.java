package org.cnctwin.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.cnctwin.machine.physics.ToolWear;
import org.cnctwin.machine.sim.Job;
import org.cnctwin.machine.sim.MachineSpec;
import org.cnctwin.machine.sim.SimulatedMachine;
import org.cnctwin.protocol.FaultType;
import org.cnctwin.protocol.MachineEvent;
import org.cnctwin.protocol.TelemetrySample;
import org.junit.jupiter.api.Test;

/**
 * How close the twin's estimated flank wear comes to the simulator's true wear, from telemetry and
 * events alone (the twin never sees the stock model, the engagement or the faults). The twin's
 * own event handler is driven exactly as recovery drives it. The figures go to docs/benchmarks.md.
 */
class WearTrackingTest {

    /**
     * @param modelOnlyMeanAbsoluteErrorMm the same comparison for the Taylor model alone, without the load's correction
     * @param wearRateFactors the factor each tool's load showed, at the end
     */
    record Tracking(double meanAbsoluteErrorMm, double maxAbsoluteErrorMm, double meanTrueWearMm, int comparisons,
                    double modelOnlyMeanAbsoluteErrorMm, Map<Integer, Double> wearRateFactors) {}

    /** Runs a machine for {@code simulatedS} and compares, every simulated minute, each tool the truth has worn. */
    static Tracking track(MachineSpec spec, int simulatedS, FaultType fault) {
        SimulatedMachine machine = new SimulatedMachine("cnc-001", spec, Job.sample(), 5, Instant.parse("2026-11-25T06:00:00Z"));
        if (fault != null) {
            machine.inject(fault, 0.5, 0);
        }
        MachineConfiguration configuration = MachineConfiguration.of(spec, Job.sample());
        TwinState twin = TwinState.empty("cnc-001").apply(new TwinEvent.Configured(configuration));
        double errorSum = 0;
        double modelOnlyErrorSum = 0;
        double maxError = 0;
        double trueSum = 0;
        int comparisons = 0;
        for (int second = 1; second <= simulatedS; second++) {
            List<TelemetrySample> samples = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                samples.add(machine.nextSample());
            }
            twin = twin.apply(new TwinEvent.TelemetryRecorded(samples));
            for (MachineEvent event : machine.drainEvents()) {
                twin = twin.apply(new TwinEvent.MachineEventRecorded(event));
            }
            if (second % 60 == 0) {
                for (SimulatedMachine.ToolTruth truth : machine.truth().tools()) {
                    MachineEstimate.ToolEstimate estimate = twin.estimate().tools().get(truth.toolNumber());
                    if (truth.flankWearMm() > 0 && !truth.broken()) {
                        double estimated = estimate == null ? 0 : estimate.flankWearMm();
                        double error = Math.abs(estimated - truth.flankWearMm());
                        errorSum += error;
                        double modelOnly = estimate == null ? 0 : ToolWear.flankWear(estimate.modelLifeConsumed());
                        modelOnlyErrorSum += Math.abs(modelOnly - truth.flankWearMm());
                        maxError = Math.max(maxError, error);
                        trueSum += truth.flankWearMm();
                        comparisons++;
                    }
                }
            }
        }
        Map<Integer, Double> factors = new TreeMap<>();
        twin.estimate().tools().forEach((number, tool) -> factors.put(number, tool.signature().wearRateFactor()));
        Tracking tracking = new Tracking(errorSum / comparisons, maxError, trueSum / comparisons, comparisons, modelOnlyErrorSum / comparisons, factors);
        System.out.printf(Locale.ROOT, "wear tracking %s %s: mean |error| %.4f mm (model alone %.4f mm), max %.4f mm, mean true VB %.4f mm, "
                        + "%d comparisons; wear rate factors %s%n",
                spec.name(), fault == null ? "healthy" : fault, tracking.meanAbsoluteErrorMm(), tracking.modelOnlyMeanAbsoluteErrorMm(),
                tracking.maxAbsoluteErrorMm(), tracking.meanTrueWearMm(), tracking.comparisons(), factors);
        return tracking;
    }

    @Test
    void theEstimateFollowsTheTrueWearOfAHealthyMachine() {
        for (MachineSpec spec : MachineSpec.ALL) {
            Tracking tracking = track(spec, 3 * 3600, null);
            assertThat(tracking.comparisons()).isGreaterThan(100);
            // within a fifth of the wear itself on average: the depth of cut is inferred, the engagement assumed
            assertThat(tracking.meanAbsoluteErrorMm()).isLessThan(0.2 * tracking.meanTrueWearMm());
            // a healthy tool's load shows nothing the model does not predict
            assertThat(tracking.wearRateFactors()).allSatisfy((tool, factor) -> assertThat(factor).isEqualTo(1.0));
        }
    }

    @Test
    void underAcceleratedWearTheSpindleLoadCorrectsTheEstimate() {
        // The fault makes every edge wear 10.5 times faster than any model of the cut predicts; only the load shows it.
        Tracking tracking = track(MachineSpec.VMC_3_AXIS, 3 * 3600, FaultType.ACCELERATED_TOOL_WEAR);
        assertThat(tracking.comparisons()).isGreaterThan(100);
        // The tools that spend the most energy per part show the fault clearly enough to learn its rate.
        assertThat(tracking.wearRateFactors().get(1)).isBetween(7.0, 15.0);
        assertThat(tracking.wearRateFactors().get(2)).isBetween(7.0, 15.0);
        assertThat(tracking.meanAbsoluteErrorMm()).isLessThan(0.75 * tracking.modelOnlyMeanAbsoluteErrorMm());
    }
}
