package org.cnctwin.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProtocolCodecTest {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final ProtocolCodec CODEC = new ProtocolCodec(CodecLimits.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));

    static TelemetrySample sample(long sequenceNumber, double spindleSpeedRpm) {
        return new TelemetrySample(NOW.minusMillis(100 * (50 - sequenceNumber)), sequenceNumber, spindleSpeedRpm, 42.5, 6.1, 33.4, 1.7,
                Map.of(LinearAxis.X, 10.0, LinearAxis.Y, -20.5, LinearAxis.Z, -300.125), Map.of(RotaryAxis.B, 45.0),
                1200.0, "O1001", 340, 5, ExecutionState.ACTIVE, ControllerMode.AUTOMATIC, CoolantState.FLOOD, 12, List.of("SV0401"));
    }

    @Test
    void telemetryRoundTrips() {
        TelemetryBatch batch = new TelemetryBatch(1, "vmc-01", List.of(sample(1, 9000), sample(2, 9100.5)));

        Decoded<TelemetryBatch> decoded = CODEC.decodeTelemetry(Topics.telemetry("vmc-01"), CODEC.encode(batch));

        assertThat(decoded.message()).isEqualTo(batch);
        assertThat(decoded.unknownFieldPaths()).isEmpty();
    }

    static Stream<MachineEvent.Fact> facts() {
        return Stream.of(
                new MachineEvent.ProgramStarted("O1001"),
                new MachineEvent.ProgramCompleted("O1001", 312.5, 58),
                new MachineEvent.ToolChanged(0, 7),
                new MachineEvent.AlarmRaised("OT0500", "+ OVERTRAVEL ( SOFT 1 ) X"),
                new MachineEvent.AlarmCleared("OT0500"),
                new MachineEvent.ExecutionStateChanged(ExecutionState.ACTIVE, ExecutionState.FEED_HOLD),
                new MachineEvent.MaintenancePerformed(MaintenanceAction.TOOL_REPLACED, 7, "j.doe", ""),
                new MachineEvent.MaintenancePerformed(MaintenanceAction.BEARING_REPLACED, 0, "service", "front bearing set"));
    }

    @ParameterizedTest
    @MethodSource("facts")
    void everyMachineEventRoundTrips(MachineEvent.Fact fact) {
        MachineEvent event = new MachineEvent(1, "vmc-01", NOW, 17, fact);

        assertThat(CODEC.decodeEvent(Topics.events("vmc-01"), CODEC.encode(event)).message()).isEqualTo(event);
    }

    static Stream<MachineCommand.Action> actions() {
        return Stream.of(
                new MachineCommand.InjectFault(FaultType.COOLANT_FAILURE, 1.0, 0),
                new MachineCommand.ClearFault(FaultType.SENSOR_STUCK),
                new MachineCommand.StartProgram("O2002", 3),
                new MachineCommand.SetOverrides(110, 95, 25));
    }

    @ParameterizedTest
    @MethodSource("actions")
    void everyCommandRoundTrips(MachineCommand.Action action) {
        MachineCommand command = new MachineCommand(1, "cmd-1", "hmc-2", NOW, action);

        assertThat(CODEC.decodeCommand(Topics.commands("hmc-2"), CODEC.encode(command)).message()).isEqualTo(command);
    }

    static Stream<Alert.Change> changes() {
        return Stream.of(
                new Alert.AlertRaised(Severity.CRITICAL, "rules", "SPINDLE_OVERTEMPERATURE", "Spindle at 71.0 C",
                        List.of(new Alert.Evidence("spindleTempC", 71.0, 65.0, "C"), new Alert.Evidence("anomalyScore", 0.82, Double.NaN, ""))),
                new Alert.AlertAcknowledged("operator-7", "coolant pump checked"),
                new Alert.AlertCleared("temperature below 60 C for 5 min"));
    }

    @ParameterizedTest
    @MethodSource("changes")
    void everyAlertChangeRoundTrips(Alert.Change change) {
        Alert alert = new Alert(1, "a-17", "vmc-01", NOW, change);

        assertThat(CODEC.decodeAlert(Topics.alerts("vmc-01"), CODEC.encode(alert)).message()).isEqualTo(alert);
    }

    @Test
    void bytesThatAreNoTextAreRefusedAsInvalidNotAsAnError() {
        // ProtocolFuzzIT's first find: Jackson reads these as UTF-32 and fails with an IOException.
        byte[] notText = {0x01, 0x00, 0x00, 0x00, 0x39, 0x00, 0x02, 0x3d, 0x7a, 0x30, (byte) 0xeb, 0x19, 0x19};

        assertThatThrownBy(() -> CODEC.decodeTelemetry("cnc/vmc-01/telemetry", notText)).isInstanceOf(InvalidMessageException.class)
                .hasMessageStartingWith("$: expected a JSON object in UTF-8, the bytes are not text");
    }

    @Test
    void limitsAreConfigurable() {
        ProtocolCodec strict = new ProtocolCodec(new CodecLimits(128 * 1024, 1, Duration.ZERO), Clock.fixed(NOW, ZoneOffset.UTC));
        byte[] twoSamples = CODEC.encode(new TelemetryBatch(1, "vmc-01", List.of(sample(1, 9000), sample(2, 9000))));

        assertThatThrownBy(() -> strict.decodeTelemetry("cnc/vmc-01/telemetry", twoSamples))
                .hasMessage("$.samples: must hold at most 1 item(s), had 2");
    }

    @Test
    void unknownFieldsAreReportedWhereverTheyAre() {
        String json = new String(CODEC.encode(new Alert(1, "a-1", "m1", NOW,
                new Alert.AlertRaised(Severity.INFO, "zscore", "LOAD_DRIFT", "drift", List.of(new Alert.Evidence("load", 1, 2, "%"))))),
                StandardCharsets.UTF_8)
                .replace("\"unit\":\"%\"", "\"unit\":\"%\",\"window\":60")
                .replace("\"type\":", "\"tenant\":\"acme\",\"type\":");

        Decoded<Alert> decoded = CODEC.decodeAlert("cnc/m1/alerts", json.getBytes(StandardCharsets.UTF_8));

        assertThat(decoded.unknownFieldPaths()).containsExactlyInAnyOrder("$.evidence[0].window", "$.tenant");
    }

    @Test
    void aFieldOfTheOtherVariantIsUnknownNotAccepted() {
        String json = "{\"schemaVersion\":1,\"machineId\":\"m1\",\"timestamp\":\"2026-11-25T11:00:00Z\",\"sequenceNumber\":1,"
                + "\"type\":\"AlarmCleared\",\"alarmCode\":\"EX1\",\"message\":\"left over\"}";

        Decoded<MachineEvent> decoded = CODEC.decodeEvent("cnc/m1/events", json.getBytes(StandardCharsets.UTF_8));

        assertThat(decoded.message().fact()).isEqualTo(new MachineEvent.AlarmCleared("EX1"));
        assertThat(decoded.unknownFieldPaths()).containsExactly("$.message");
    }

    @Test
    void bigIntegersBeyondLongAreRefusedByPath() {
        String json = "{\"schemaVersion\":1,\"machineId\":\"m1\",\"timestamp\":\"2026-11-25T11:00:00Z\",\"sequenceNumber\":92233720368547758070,"
                + "\"type\":\"AlarmCleared\",\"alarmCode\":\"EX1\"}";

        assertThatThrownBy(() -> CODEC.decodeEvent("cnc/m1/events", json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidMessageException.class)
                .hasMessage("$.sequenceNumber: must be between 0 and 9223372036854775807, was 92233720368547758070");
    }

    @Test
    void errorsQuoteLongUserTextShortAndEscaped() {
        String json = "{\"schemaVersion\":1,\"commandId\":\"c1\",\"machineId\":\"m1\",\"issuedAt\":\"2026-11-25T11:00:00Z\",\"type\":\"ClearFault\","
                + "\"fault\":\"" + "\\n\\\"x".repeat(30) + "\"}";

        assertThatThrownBy(() -> CODEC.decodeCommand("cnc/m1/commands", json.getBytes(StandardCharsets.UTF_8)))
                .hasMessageEndingWith("was \"\\n\\\"x\\n\\\"x\\n\\\"x\\n\\\"x\\n\\\"x\\n\\\"x\\n\\\"x\\n\\\"x\\n\\\"x\\n\\\"x\\n\\\"x\\n\\\"x\\n\\\"x\\n\\\"x\\n\\\"x\\n\\\"x\"... (90 chars)");
    }
}
