package org.cnctwin.twin.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cnctwin.twin.TwinTesting.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.cnctwin.protocol.Severity;
import org.cnctwin.protocol.TelemetrySample;
import org.cnctwin.twin.Finding;
import org.cnctwin.twin.MachineConfiguration;
import org.cnctwin.twin.MachineEstimate;
import org.cnctwin.twin.Observation;
import org.junit.jupiter.api.Test;

/** The rule-based detector as a function: observations in, findings out. */
class RuleDetectorTest {

    final RuleDetector detector = new RuleDetector();
    long sequence;

    private List<Finding> observe(List<Double> temperaturesC, Set<String> activeInTwin) {
        List<TelemetrySample> samples = new ArrayList<>();
        for (double temperature : temperaturesC) {
            samples.add(sample(++sequence, temperature, 1));
        }
        return detector.observe(new Observation("cnc-001", samples, MachineEstimate.initial(), MachineConfiguration.defaults(), activeInTwin));
    }

    private static List<Double> hovering(int samples, double around) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            values.add(around + (i % 2 == 0 ? 0.3 : -0.3));
        }
        return values;
    }

    @Test
    void aTemperatureHoveringAtItsLimitRaisesOneAlertAndCoolingEndsIt() {
        assertThat(observe(hovering(200, RuleDetector.SPINDLE_TEMP_LIMIT_C), Set.of())).as("never 10 samples in a row above the limit").isEmpty();

        List<Finding> hot = observe(hovering(300, RuleDetector.SPINDLE_TEMP_LIMIT_C + 1), Set.of());
        assertThat(hot).as("one alert for 300 hot samples").hasSize(1);
        Finding.AnomalyStarted started = (Finding.AnomalyStarted) hot.get(0);
        assertThat(started.code()).isEqualTo("SPINDLE_TEMPERATURE");
        assertThat(started.severity()).isEqualTo(Severity.WARNING);
        assertThat(started.source()).isEqualTo(RuleDetector.NAME);
        assertThat(started.evidence().get(0).limit()).isEqualTo(RuleDetector.SPINDLE_TEMP_LIMIT_C);

        assertThat(observe(hovering(300, RuleDetector.SPINDLE_TEMP_LIMIT_C - 2), Set.of())).as("below the limit, not below the clearing level")
                .isEmpty();
        assertThat(observe(hovering(60, RuleDetector.SPINDLE_TEMP_LIMIT_C - 8), Set.of()))
                .containsExactly(new Finding.AnomalyEnded("SPINDLE_TEMPERATURE", "spindleTempC back below 55.00 °C"));
    }

    @Test
    void anAlertTheTwinHeldBeforeTheDetectorStartedStillEnds() {
        assertThat(observe(hovering(60, 30), Set.of("SPINDLE_TEMPERATURE"))).singleElement().isInstanceOf(Finding.AnomalyEnded.class);
    }
}
