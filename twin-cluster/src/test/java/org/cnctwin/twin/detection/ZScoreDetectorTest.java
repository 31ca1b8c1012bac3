package org.cnctwin.twin.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.cnctwin.protocol.ControllerMode;
import org.cnctwin.protocol.CoolantState;
import org.cnctwin.protocol.ExecutionState;
import org.cnctwin.protocol.TelemetrySample;
import org.cnctwin.twin.Finding;
import org.cnctwin.twin.MachineConfiguration;
import org.cnctwin.twin.MachineEstimate;
import org.cnctwin.twin.Observation;
import org.junit.jupiter.api.Test;

/** The z-score detector as a function, on a machine cutting with tool 2 at 6,000 rpm with 0.5 mm/s of vibration and sensor noise. */
class ZScoreDetectorTest {

    static final Instant T0 = Instant.parse("2026-12-04T08:00:00Z");
    final ZScoreDetector detector = new ZScoreDetector();
    final Random noise = new Random(7);
    long sequence;

    private TelemetrySample sample(double speedRpm, double vibrationMmPerS) {
        sequence++;
        return new TelemetrySample(T0.plusMillis(100 * sequence), sequence, speedRpm, 30, 3, 35, Math.max(0, vibrationMmPerS + 0.03 * noise.nextGaussian()),
                Map.of(), Map.of(), 800, "O1002", 40, 2, ExecutionState.ACTIVE, ControllerMode.AUTOMATIC, CoolantState.FLOOD, 0, List.of());
    }

    /** {@code batches} one-second batches at 6,000 rpm with the given vibration; the findings. */
    private List<Finding> cutting(int batches, double vibrationMmPerS) {
        List<Finding> findings = new ArrayList<>();
        for (int batch = 0; batch < batches; batch++) {
            List<TelemetrySample> samples = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                samples.add(sample(6000, vibrationMmPerS));
            }
            findings.addAll(observe(samples));
        }
        return findings;
    }

    private List<Finding> observe(List<TelemetrySample> samples) {
        return detector.observe(new Observation("cnc-001", samples, MachineEstimate.initial(), MachineConfiguration.defaults(), Set.of()));
    }

    @Test
    void steadyCuttingWithNoiseFindsNothing() {
        assertThat(cutting(20_000, 0.5)).as("five and a half hours of honest noise").isEmpty();
    }

    @Test
    void aRiseInVibrationRaisesOneAlertWithItsEvidenceAndItsEndWhenTheVibrationIsBack() {
        cutting(ZScoreDetector.WARM_UP_BATCHES + 300, 0.5);
        List<Finding> rough = cutting(300, 0.6); // +20 %: an imbalance, well inside ISO 10816 zone A
        assertThat(rough).singleElement().isInstanceOf(Finding.AnomalyStarted.class);
        Finding.AnomalyStarted started = (Finding.AnomalyStarted) rough.get(0);
        assertThat(started.code()).isEqualTo("ZSCORE_VIBRATION");
        assertThat(started.source()).isEqualTo(ZScoreDetector.NAME);
        assertThat(started.evidence().get(0).signal()).isEqualTo("vibrationRmsMmPerS");
        assertThat(started.evidence().get(0).value()).isGreaterThan(0.55);
        assertThat(started.message()).contains("tool 2", "6000 rpm");

        assertThat(cutting(300, 0.5)).singleElement().isInstanceOf(Finding.AnomalyEnded.class);
    }

    @Test
    void aSensorThatReadsZeroIsFound() {
        cutting(ZScoreDetector.WARM_UP_BATCHES + 300, 0.5);
        assertThat(cutting(30, 0)).extracting(finding -> ((Finding.AnomalyStarted) finding).code()).containsExactly("ZSCORE_VIBRATION");
    }

    @Test
    void aSlowRiseIsFoundBecauseTheBaselineStopsLearningOnceTheSignalIsOutOfLine() {
        cutting(ZScoreDetector.WARM_UP_BATCHES + 300, 0.5);
        List<Finding> findings = new ArrayList<>();
        for (int step = 1; step <= 60 && findings.isEmpty(); step++) {
            findings.addAll(cutting(60, 0.5 + 0.004 * step)); // +0.24 mm/s over an hour
        }
        assertThat(findings).extracting(finding -> ((Finding.AnomalyStarted) finding).code()).containsExactly("ZSCORE_VIBRATION");
    }

    @Test
    void samplesWhileTheSpindleAcceleratesOrStandsAreNeitherJudgedNorLearned() {
        cutting(ZScoreDetector.WARM_UP_BATCHES + 300, 0.5);
        List<Finding> findings = new ArrayList<>();
        for (int batch = 0; batch < 60; batch++) {
            List<TelemetrySample> samples = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                samples.add(sample(1000 + 100 * (batch * 10 + i), 4)); // accelerating: vibration far out of line
            }
            findings.addAll(observe(samples));
        }
        for (int batch = 0; batch < 60; batch++) {
            List<TelemetrySample> samples = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                samples.add(sample(0, 0)); // stopped
            }
            findings.addAll(observe(samples));
        }
        findings.addAll(cutting(300, 0.5)); // and its baseline at 6,000 rpm is still the one it learned
        assertThat(findings).isEmpty();
    }

    @Test
    void eachOperatingContextHasItsOwnBaseline() {
        cutting(ZScoreDetector.WARM_UP_BATCHES + 300, 0.5);
        List<Finding> findings = new ArrayList<>();
        for (int batch = 0; batch < 400; batch++) { // another speed band, vibrating more: learned, not judged against 6,000 rpm's
            List<TelemetrySample> samples = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                samples.add(sample(9000, 0.9));
            }
            findings.addAll(observe(samples));
        }
        findings.addAll(cutting(300, 0.5));
        assertThat(findings).isEmpty();
    }
}
