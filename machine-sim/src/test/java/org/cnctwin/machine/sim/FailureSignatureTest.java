package org.cnctwin.machine.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.cnctwin.machine.physics.SpindleVibration;
import org.cnctwin.protocol.ExecutionState;
import org.cnctwin.protocol.FaultType;
import org.cnctwin.protocol.LinearAxis;
import org.cnctwin.protocol.TelemetrySample;
import org.junit.jupiter.api.Test;

/**
 * Each failure mode leaves its signature in the telemetry. Every test runs two machines with the
 * same seed side by side, one healthy and one with the fault, so the difference is the fault's
 * doing and nothing else's.
 */
class FailureSignatureTest {

    static final Instant START = Instant.parse("2026-01-01T06:00:00Z");
    static final double SHAFT_HZ_TOLERANCE = 0.5;

    /** A healthy machine and its faulty twin, advanced together. */
    static final class Pair {
        final SimulatedMachine healthy = new SimulatedMachine("healthy", MachineSpec.VMC_3_AXIS, Job.sample(), 11, START);
        final SimulatedMachine faulty = new SimulatedMachine("faulty", MachineSpec.VMC_3_AXIS, Job.sample(), 11, START);
        final List<TelemetrySample> healthySamples = new ArrayList<>();
        final List<TelemetrySample> faultySamples = new ArrayList<>();

        Pair inject(FaultType fault, double severity, double atS) {
            faulty.inject(fault, severity, atS);
            return this;
        }

        Pair run(double seconds) {
            long samples = Math.round(seconds / SimulatedMachine.SAMPLE_PERIOD_S);
            for (long i = 0; i < samples; i++) {
                healthySamples.add(healthy.nextSample());
                faultySamples.add(faulty.nextSample());
            }
            return this;
        }

        /** Runs until the faulty machine's sample matches, at most {@code seconds}; the index of that sample. */
        int runUntil(Predicate<TelemetrySample> condition, double seconds) {
            long samples = Math.round(seconds / SimulatedMachine.SAMPLE_PERIOD_S);
            for (long i = 0; i < samples; i++) {
                healthySamples.add(healthy.nextSample());
                TelemetrySample sample = faulty.nextSample();
                faultySamples.add(sample);
                if (condition.test(sample)) {
                    return faultySamples.size() - 1;
                }
            }
            throw new AssertionError("no sample matched within " + seconds + " s of simulated time");
        }
    }

    static double mean(List<TelemetrySample> samples, java.util.function.ToDoubleFunction<TelemetrySample> value) {
        return samples.stream().mapToDouble(value).average().orElseThrow();
    }

    static List<TelemetrySample> last(List<TelemetrySample> samples, double seconds) {
        int count = (int) Math.round(seconds / SimulatedMachine.SAMPLE_PERIOD_S);
        return samples.subList(samples.size() - count, samples.size());
    }

    @Test
    void toolBreakageStopsTheMachineWithAnImpactAndTheBrokenToolIsReplaced() {
        Pair pair = new Pair().inject(FaultType.TOOL_BREAKAGE, 1, 30);
        int alarmAt = pair.runUntil(sample -> sample.activeAlarmCodes().contains(SimulatedMachine.ALARM_TOOL_BROKEN), 600);

        TelemetrySample breakage = pair.faultySamples.get(alarmAt);
        assertThat(breakage.timestamp()).isAfterOrEqualTo(START.plusSeconds(30));
        assertThat(breakage.vibrationRmsMmPerS()).as("the impact").isGreaterThan(5);
        assertThat(breakage.executionState()).isEqualTo(ExecutionState.STOPPED);
        int brokenTool = breakage.toolNumber();
        assertThat(pair.faulty.truth().tools().get(brokenTool - 1).broken()).isTrue();

        pair.run(10);
        TelemetrySample stopped = pair.faultySamples.get(pair.faultySamples.size() - 1);
        assertThat(stopped.spindleSpeedRpm()).as("stopped, but for the encoder's noise").isLessThan(10);
        assertThat(stopped.activeAlarmCodes()).containsExactly(SimulatedMachine.ALARM_TOOL_BROKEN);

        pair.run(420); // an operator replaces the tool within 3-7 minutes
        assertThat(pair.faultySamples.get(pair.faultySamples.size() - 1).activeAlarmCodes()).isEmpty();
        SimulatedMachine.ToolTruth replaced = pair.faulty.truth().tools().get(brokenTool - 1);
        assertThat(replaced.instance()).isEqualTo(2);
        assertThat(replaced.broken()).isFalse();
        assertThat(pair.healthySamples).noneMatch(sample -> !sample.activeAlarmCodes().isEmpty());
    }

    @Test
    void acceleratedWearRaisesTheSpindleLoadAndEndsInBreakage() {
        Pair pair = new Pair().inject(FaultType.ACCELERATED_TOOL_WEAR, 1, 0).run(480);

        // The pocketing tool T2 in the first part: the same cuts, a more worn edge, more power.
        double healthyWear = pair.healthy.truth().tools().get(1).flankWearMm();
        double faultyWear = pair.faulty.truth().tools().get(1).flankWearMm();
        assertThat(faultyWear).isGreaterThan(2 * healthyWear);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < pair.faultySamples.size(); i++) {
            TelemetrySample healthy = pair.healthySamples.get(i);
            TelemetrySample faulty = pair.faultySamples.get(i);
            if (healthy.spindleLoadPercent() >= 10 && faulty.toolNumber() == healthy.toolNumber() && faulty.activeAlarmCodes().isEmpty()) {
                ratios.add(faulty.spindleLoadPercent() / healthy.spindleLoadPercent());
            }
        }
        assertThat(ratios).isNotEmpty();
        assertThat(ratios.stream().mapToDouble(Double::doubleValue).average().orElseThrow()).isGreaterThan(1.05);

        pair.runUntil(sample -> sample.activeAlarmCodes().contains(SimulatedMachine.ALARM_TOOL_BROKEN), 4 * 3600);
    }

    @Test
    void outerRaceDefectRingsAtBpfoAndRaisesVibration() {
        bearingDefectRingsAt(FaultType.BEARING_OUTER_RACE_DEFECT, "BPFO");
    }

    @Test
    void innerRaceDefectRingsAtBpfi() {
        bearingDefectRingsAt(FaultType.BEARING_INNER_RACE_DEFECT, "BPFI");
    }

    private void bearingDefectRingsAt(FaultType fault, String peakName) {
        Pair pair = new Pair().inject(fault, 1, 60).run(1200);
        // Defect energy grows with speed: compare where the spindle runs fast.
        double healthyVibration = 0;
        double faultyVibration = 0;
        int fast = 0;
        for (int i = pair.faultySamples.size() - 3000; i < pair.faultySamples.size(); i++) {
            if (pair.healthySamples.get(i).spindleSpeedRpm() > 3000) {
                healthyVibration += pair.healthySamples.get(i).vibrationRmsMmPerS();
                faultyVibration += pair.faultySamples.get(i).vibrationRmsMmPerS();
                fast++;
            }
        }
        assertThat(fast).isGreaterThan(100);
        assertThat(faultyVibration / fast).isGreaterThan(healthyVibration / fast + 0.5);
        assertThat(pair.healthy.truth().bearing().damage()).isZero();
        assertThat(pair.faulty.truth().bearing().damage()).isGreaterThan(0.5);

        pair.runUntil(sample -> sample.spindleSpeedRpm() > 1000, 600);
        SimulatedMachine.Truth truth = pair.faulty.truth();
        double shaftHz = truth.spindleSpeedRpm() / 60;
        double expectedHz = fault == FaultType.BEARING_OUTER_RACE_DEFECT
                ? MachineSpec.VMC_3_AXIS.frontBearing().bpfoHz(shaftHz) : MachineSpec.VMC_3_AXIS.frontBearing().bpfiHz(shaftHz);
        SpindleVibration.Peak dominantDefectPeak = truth.vibrationPeaks().stream().filter(peak -> peak.frequencyHz() > 0)
                .max(java.util.Comparator.comparingDouble(SpindleVibration.Peak::amplitudeMmPerS)).orElseThrow();
        assertThat(dominantDefectPeak.source()).isEqualTo("1x " + peakName);
        assertThat(dominantDefectPeak.frequencyHz()).isCloseTo(expectedHz, within(1e-9));
    }

    @Test
    void coolantFailureHeatsTheSpindle() {
        Pair pair = new Pair().inject(FaultType.COOLANT_FAILURE, 1, 0).run(3600);
        double healthy = mean(last(pair.healthySamples, 60), TelemetrySample::spindleTempC);
        double faulty = mean(last(pair.faultySamples, 60), TelemetrySample::spindleTempC);
        assertThat(faulty - healthy).isGreaterThan(1.5);
        assertThat(pair.faulty.truth().housingTempC()).isGreaterThan(pair.healthy.truth().housingTempC() + 1);
    }

    @Test
    void spindleImbalanceShowsAtOnceTheSpindleSpeed() {
        Pair pair = new Pair().inject(FaultType.SPINDLE_IMBALANCE, 1, 0);
        pair.runUntil(sample -> sample.spindleSpeedRpm() > 4000 && sample.feedMmPerMin() > 0, 600);
        pair.run(5);
        List<TelemetrySample> healthy = last(pair.healthySamples, 5);
        List<TelemetrySample> faulty = last(pair.faultySamples, 5);
        assertThat(mean(faulty, TelemetrySample::vibrationRmsMmPerS)).isGreaterThan(mean(healthy, TelemetrySample::vibrationRmsMmPerS) + 0.15);
        SimulatedMachine.Truth truth = pair.faulty.truth();
        SpindleVibration.Peak oneX = truth.vibrationPeaks().stream().filter(peak -> peak.source().equals("imbalance 1x")).findFirst().orElseThrow();
        assertThat(oneX.frequencyHz()).isCloseTo(truth.spindleSpeedRpm() / 60, within(SHAFT_HZ_TOLERANCE));
    }

    @Test
    void servoFaultMakesXDeviateFromItsPathAndEndsInAnExcessErrorAlarm() {
        Pair pair = new Pair().inject(FaultType.AXIS_SERVO_FAULT, 1, 0).run(300);
        double maxDeviationX = 0;
        for (int i = 0; i < pair.faultySamples.size(); i++) {
            var healthy = pair.healthySamples.get(i).axisPositionsMm();
            var faulty = pair.faultySamples.get(i).axisPositionsMm();
            maxDeviationX = Math.max(maxDeviationX, Math.abs(faulty.get(LinearAxis.X) - healthy.get(LinearAxis.X)));
            assertThat(faulty.get(LinearAxis.Y)).isEqualTo(healthy.get(LinearAxis.Y));
            assertThat(faulty.get(LinearAxis.Z)).isEqualTo(healthy.get(LinearAxis.Z));
        }
        assertThat(maxDeviationX).isGreaterThan(0.01);
        pair.runUntil(sample -> sample.activeAlarmCodes().contains(SimulatedMachine.ALARM_SERVO_EXCESS_ERROR), 3600);
    }

    @Test
    void sensorDriftOffsetsTheTemperatureReadingByItsRate() {
        Pair pair = new Pair().inject(FaultType.SENSOR_DRIFT, 0.5, 0).run(3600);
        double healthy = mean(last(pair.healthySamples, 10), TelemetrySample::spindleTempC);
        double faulty = mean(last(pair.faultySamples, 10), TelemetrySample::spindleTempC);
        // 20 °C/h at severity 1: 10 °C after an hour at 0.5; the truth is the same on both.
        assertThat(faulty - healthy).isCloseTo(10, within(0.5));
        assertThat(pair.faulty.truth().bearingTempC()).isCloseTo(pair.healthy.truth().bearingTempC(), within(1e-9));
    }

    @Test
    void stuckSensorRepeatsOneReadingWhileTheSpindleChanges() {
        Pair pair = new Pair().inject(FaultType.SENSOR_STUCK, 1, 10).run(300);
        List<TelemetrySample> faulty = pair.faultySamples.subList(110, pair.faultySamples.size());
        assertThat(faulty.stream().mapToDouble(TelemetrySample::vibrationRmsMmPerS).distinct().count()).isEqualTo(1);
        assertThat(faulty.stream().mapToDouble(TelemetrySample::spindleSpeedRpm).distinct().count()).isGreaterThan(10);
        assertThat(pair.healthySamples.subList(110, pair.healthySamples.size()).stream().mapToDouble(TelemetrySample::vibrationRmsMmPerS).distinct().count())
                .isGreaterThan(10);
    }

    @Test
    void sensorDropoutReadsZeroVibrationWhileTheSpindleTurns() {
        Pair pair = new Pair().inject(FaultType.SENSOR_DROPOUT, 1, 10).run(300);
        List<TelemetrySample> turning = pair.faultySamples.subList(110, pair.faultySamples.size()).stream()
                .filter(sample -> sample.spindleSpeedRpm() > 500).toList();
        assertThat(turning).isNotEmpty().allMatch(sample -> sample.vibrationRmsMmPerS() == 0);
        assertThat(pair.healthySamples).allMatch(sample -> sample.vibrationRmsMmPerS() > 0);
    }

    @Test
    void clearingAFaultEndsItsSignature() {
        Pair pair = new Pair().inject(FaultType.SENSOR_DROPOUT, 1, 0).run(20);
        pair.faulty.clear(FaultType.SENSOR_DROPOUT);
        pair.run(20);
        assertThat(last(pair.faultySamples, 20)).allMatch(sample -> sample.vibrationRmsMmPerS() > 0);
        assertThat(pair.faulty.activeFaults()).isEmpty();
    }
}
