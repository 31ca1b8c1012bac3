package org.cnctwin.twin.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cnctwin.machine.physics.ToolWear;
import org.cnctwin.machine.physics.VibrationSeverity;
import org.cnctwin.protocol.Severity;
import org.cnctwin.twin.Finding;
import org.cnctwin.twin.MachineConfiguration;
import org.cnctwin.twin.MachineEstimate;
import org.cnctwin.twin.Observation;
import org.cnctwin.twin.WearSignature;
import org.junit.jupiter.api.Test;

/** Tool life planning as a function, on estimates made up for each case. */
class ToolLifePlannerTest {

    final ToolLifePlanner planner = new ToolLifePlanner();
    /** What the planner found so far and the test has not looked at. */
    final Deque<Finding> found = new ArrayDeque<>();

    /** Tool 3 with {@code lifeConsumed} of its edge used, {@code cuttingS} of cutting, at a wear rate {@code factor} times the model's. */
    private static MachineEstimate.ToolEstimate tool(int edge, double lifeConsumed, double cuttingS, double factor) {
        WearSignature signature = new WearSignature("O1000", List.of(), 0, 0, factor);
        return new MachineEstimate.ToolEstimate(3, edge, lifeConsumed, ToolWear.flankWear(lifeConsumed), cuttingS, 60 / factor,
                lifeConsumed / factor, signature);
    }

    private void observe(MachineEstimate.ToolEstimate tool, Set<String> activeInTwin) {
        MachineEstimate estimate = new MachineEstimate(null, Map.of(tool.toolNumber(), tool), 20, 0, 0, 0, VibrationSeverity.Zone.A,
                new MachineEstimate.Availability(0, 0, 0, 0), false);
        found.addAll(planner.observe(new Observation("cnc-001", List.of(), estimate, MachineConfiguration.defaults(), activeInTwin)));
    }

    private Finding finding() {
        assertThat(found).as("a finding").isNotEmpty();
        return found.removeFirst();
    }

    private void nothingNew() {
        assertThat(found).isEmpty();
    }

    @Test
    void aToolIsForecastAndWarnedOnceAtThePlannedChangeAndAgainAtTheEndOfLife() {
        observe(tool(1, 0.5, 600, 1), Set.of());
        Finding.ToolLifeForecast forecast = (Finding.ToolLifeForecast) finding();
        assertThat(forecast.remainingCuttingMin()).isEqualTo(30);
        observe(tool(1, 0.5, 601, 1), Set.of());
        nothingNew(); // the forecast did not move

        double planned = 0.9; // VB 0.22 mm: below the plan-change wear
        observe(tool(1, planned, 1200, 1), Set.of());
        assertThat(finding()).isInstanceOf(Finding.ToolLifeForecast.class);
        nothingNew();

        observe(tool(1, 0.97, 1300, 1), Set.of());
        assertThat(finding()).isInstanceOf(Finding.ToolLifeForecast.class);
        Finding.AnomalyStarted warning = (Finding.AnomalyStarted) finding();
        assertThat(warning.code()).isEqualTo("TOOL_WEAR_T3");
        assertThat(warning.severity()).isEqualTo(Severity.WARNING);
        observe(tool(1, 0.975, 1310, 1), Set.of("TOOL_WEAR_T3"));
        nothingNew(); // still a warning: nothing new

        observe(tool(1, 1.01, 1400, 1), Set.of("TOOL_WEAR_T3"));
        assertThat(finding()).isInstanceOf(Finding.ToolLifeForecast.class);
        assertThat(((Finding.AnomalyEnded) finding()).reason()).isEqualTo("superseded by CRITICAL");
        assertThat(((Finding.AnomalyStarted) finding()).severity()).isEqualTo(Severity.CRITICAL);

        observe(tool(2, 0, 0, 1), Set.of("TOOL_WEAR_T3"));
        assertThat(((Finding.AnomalyEnded) finding()).reason()).isEqualTo("tool 3 has a new edge");
    }

    @Test
    void aToolWearingFarFasterThanItsConditionsExplainIsWarnedUntilItsRateIsBackNearTheModels() {
        observe(tool(1, 0.1, 0, 1.4), Set.of());
        nothingNew();

        observe(tool(1, 0.1, 0, 8.5), Set.of());
        Finding.AnomalyStarted warning = (Finding.AnomalyStarted) finding();
        assertThat(warning.code()).isEqualTo("TOOL_WEAR_RATE_T3");
        assertThat(warning.severity()).isEqualTo(Severity.WARNING);
        assertThat(warning.message()).startsWith("tool 3 wears 8.5 times faster than its cutting conditions explain");
        assertThat(warning.evidence().get(0).value()).isEqualTo(8.5);

        observe(tool(2, 0, 0, 1.7), Set.of("TOOL_WEAR_RATE_T3"));
        nothingNew(); // between the two thresholds: still raised, nothing new

        observe(tool(2, 0, 0, 1.2), Set.of("TOOL_WEAR_RATE_T3"));
        Finding.AnomalyEnded ended = (Finding.AnomalyEnded) finding();
        assertThat(ended.code()).isEqualTo("TOOL_WEAR_RATE_T3");
        assertThat(ended.reason()).isEqualTo("tool 3 wears at 1.2 times the model's rate");
    }

    @Test
    void anAlertRaisedBeforeARecoveryIsEndedAndRaisedAfreshByTheNewPlanner() {
        observe(tool(1, 0.1, 0, 8.5), Set.of("TOOL_WEAR_RATE_T3"));
        assertThat(((Finding.AnomalyEnded) finding()).reason()).isEqualTo("superseded by WARNING");
        assertThat(((Finding.AnomalyStarted) finding()).code()).isEqualTo("TOOL_WEAR_RATE_T3");
    }
}
