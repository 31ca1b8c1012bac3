package org.cnctwin.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cnctwin.twin.TwinTesting.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.cnctwin.protocol.Severity;
import org.cnctwin.protocol.TelemetrySample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The rule-based detector, with a probe in the twin's place. */
class AnomalyDetectorTest {

    static final ActorTestKit TESTKIT = ActorTestKit.create();
    final TestProbe<MachineTwin.Command> twin = TESTKIT.createTestProbe();
    final ActorRef<Observation> detector = TESTKIT.spawn(AnomalyDetector.create(twin.ref()));
    long sequence;

    @AfterAll
    static void stop() {
        TESTKIT.shutdownTestKit();
    }

    private void observe(List<Double> temperaturesC, Set<String> activeInTwin) {
        List<TelemetrySample> samples = new ArrayList<>();
        for (double temperature : temperaturesC) {
            samples.add(sample(++sequence, temperature, 1));
        }
        detector.tell(new Observation("cnc-001", samples, MachineEstimate.initial(), MachineConfiguration.defaults(), activeInTwin));
    }

    private static List<Double> hovering(int samples, double around) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            values.add(around + (i % 2 == 0 ? 0.3 : -0.3));
        }
        return values;
    }

    private Finding finding() {
        return ((MachineTwin.ReportFinding) twin.receiveMessage()).finding();
    }

    @Test
    void aTemperatureHoveringAtItsLimitRaisesOneAlertAndCoolingEndsIt() {
        observe(hovering(200, AnomalyDetector.SPINDLE_TEMP_LIMIT_C), Set.of());
        twin.expectNoMessage(Duration.ofMillis(200)); // never 10 samples in a row above the limit

        observe(hovering(300, AnomalyDetector.SPINDLE_TEMP_LIMIT_C + 1), Set.of());
        Finding.AnomalyStarted started = (Finding.AnomalyStarted) finding();
        assertThat(started.code()).isEqualTo("SPINDLE_TEMPERATURE");
        assertThat(started.severity()).isEqualTo(Severity.WARNING);
        assertThat(started.evidence().get(0).limit()).isEqualTo(AnomalyDetector.SPINDLE_TEMP_LIMIT_C);
        twin.expectNoMessage(Duration.ofMillis(200)); // one alert for 300 hot samples

        observe(hovering(300, AnomalyDetector.SPINDLE_TEMP_LIMIT_C - 2), Set.of());
        twin.expectNoMessage(Duration.ofMillis(200)); // below the limit but not below the clearing level

        observe(hovering(60, AnomalyDetector.SPINDLE_TEMP_LIMIT_C - 8), Set.of());
        assertThat(finding()).isEqualTo(new Finding.AnomalyEnded("SPINDLE_TEMPERATURE", "spindleTempC back below 55.00 °C"));
    }

    @Test
    void anAlertTheTwinHeldBeforeTheDetectorStartedStillEnds() {
        observe(hovering(60, 30), Set.of("SPINDLE_TEMPERATURE"));
        assertThat(finding()).isInstanceOf(Finding.AnomalyEnded.class);
    }
}
