package org.cnctwin.twin.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cnctwin.machine.physics.WorkpieceMaterial;
import org.cnctwin.protocol.ExecutionState;
import org.cnctwin.protocol.MachineEvent;
import org.cnctwin.protocol.MaintenanceAction;
import org.cnctwin.protocol.ProtocolCodec;
import org.cnctwin.protocol.Severity;
import org.cnctwin.twin.Finding;
import org.cnctwin.twin.MachineConfiguration;
import org.cnctwin.twin.TwinEvent;
import org.cnctwin.twin.TwinTesting;
import org.junit.jupiter.api.Test;

/** The fleet view's entry of a machine, made from its events alone, and indifferent to seeing an event twice. */
class FleetEntryTest {

    static final Instant AT = Instant.parse("2026-12-03T10:00:00Z");

    static TwinEvent telemetry(long first, long last) {
        return new TwinEvent.TelemetryRecorded(TwinTesting.batch("cnc-001", first, last).samples());
    }

    static TwinEvent raised(String alertId, Severity severity) {
        return new TwinEvent.AlertRaised(alertId, "CODE_" + alertId, severity, "rules", "message", List.of(), AT);
    }

    @Test
    void theLastReportAndExecutionStateComeFromTheNewestSample() {
        FleetEntry entry = FleetEntry.empty("cnc-001").apply(1, telemetry(1, 10));
        assertThat(entry.lastReport().sequenceNumber()).isEqualTo(10);
        assertThat(entry.executionState()).isEqualTo(ExecutionState.ACTIVE);
        assertThat(entry.updatedAt()).isEqualTo(entry.lastReport().timestamp());

        FleetEntry late = entry.apply(2, telemetry(21, 30)).apply(3, telemetry(11, 20));
        assertThat(late.lastReport().sequenceNumber()).as("a late batch leaves the newer report").isEqualTo(30);
        assertThat(late.sequenceNr()).isEqualTo(3);

        MachineEvent stopped = new MachineEvent(ProtocolCodec.SCHEMA_VERSION, "cnc-001", AT, 1,
                new MachineEvent.ExecutionStateChanged(ExecutionState.ACTIVE, ExecutionState.STOPPED));
        assertThat(late.apply(4, new TwinEvent.MachineEventRecorded(stopped)).executionState()).isEqualTo(ExecutionState.STOPPED);
    }

    @Test
    void healthIsTheWorstActiveAlertAndFollowsRaiseAcknowledgeAndClear() {
        FleetEntry entry = FleetEntry.empty("cnc-001").apply(1, raised("a", Severity.WARNING)).apply(2, raised("b", Severity.CRITICAL));
        assertThat(entry.health()).isEqualTo("critical");
        entry = entry.apply(3, new TwinEvent.AlertAcknowledged("b", "ann", "", AT));
        assertThat(entry.activeAlerts().get("b").acknowledgedBy()).isEqualTo("ann");
        assertThat(entry.health()).as("acknowledged is still active").isEqualTo("critical");
        entry = entry.apply(4, new TwinEvent.AlertCleared("b", "gone", AT));
        assertThat(entry.health()).isEqualTo("warning");
        assertThat(entry.apply(5, new TwinEvent.AlertCleared("a", "gone", AT)).health()).isEqualTo("ok");
    }

    @Test
    void anEventAtOrBelowTheLastPositionChangesNothing() {
        FleetEntry entry = FleetEntry.empty("cnc-001").apply(1, telemetry(1, 10)).apply(2, raised("a", Severity.WARNING));
        assertThat(entry.apply(2, raised("a", Severity.WARNING))).isSameAs(entry);
        assertThat(entry.apply(1, new TwinEvent.AlertCleared("a", "replayed out of order", AT))).isSameAs(entry);
    }

    @Test
    void theLatestForecastPerToolIsKeptUntilTheToolIsReplaced() {
        FleetEntry entry = FleetEntry.empty("cnc-001")
                .apply(1, new TwinEvent.ToolLifeForecasted(new Finding.ToolLifeForecast(2, 1, 0.1, 30), AT))
                .apply(2, new TwinEvent.ToolLifeForecasted(new Finding.ToolLifeForecast(2, 1, 0.15, 20), AT))
                .apply(3, new TwinEvent.ToolLifeForecasted(new Finding.ToolLifeForecast(5, 1, 0.05, 50), AT));
        assertThat(entry.forecasts().get(2).remainingCuttingMin()).isEqualTo(20);
        FleetEntry replaced = entry.apply(4, new TwinEvent.MaintenanceRecorded(MaintenanceAction.TOOL_REPLACED, 2, "jo", "", AT));
        assertThat(replaced.forecasts()).containsOnlyKeys(5);
        assertThat(replaced.apply(5, new TwinEvent.MaintenanceRecorded(MaintenanceAction.INSPECTION, 5, "jo", "", AT)).forecasts())
                .containsOnlyKeys(5);
    }

    @Test
    void theProfileComesFromTheLastConfiguration() {
        MachineConfiguration configuration = new MachineConfiguration("hmc-500", new TreeMap<>(Map.of()), WorkpieceMaterial.GREY_CAST_IRON);
        assertThat(FleetEntry.empty("cnc-001").apply(1, new TwinEvent.Configured(configuration)).profile()).isEqualTo("hmc-500");
    }
}
