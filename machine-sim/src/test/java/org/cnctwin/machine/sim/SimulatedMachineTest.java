package org.cnctwin.machine.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.cnctwin.protocol.CodecLimits;
import org.cnctwin.protocol.ExecutionState;
import org.cnctwin.protocol.FaultType;
import org.cnctwin.protocol.MachineEvent;
import org.cnctwin.protocol.MaintenanceAction;
import org.cnctwin.protocol.ProtocolCodec;
import org.cnctwin.protocol.TelemetryBatch;
import org.cnctwin.protocol.TelemetrySample;
import org.cnctwin.protocol.Topics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SimulatedMachineTest {

    static final Instant START = Instant.parse("2026-03-02T07:00:00Z");

    static List<TelemetrySample> run(SimulatedMachine machine, double seconds) {
        List<TelemetrySample> samples = new ArrayList<>();
        for (long i = Math.round(seconds / SimulatedMachine.SAMPLE_PERIOD_S); i > 0; i--) {
            samples.add(machine.nextSample());
        }
        return samples;
    }

    @Test
    void theSameSeedGivesTheSameTelemetryAndAnotherSeedDoesNot() {
        List<TelemetrySample> first = run(new SimulatedMachine("m", MachineSpec.VMC_3_AXIS, Job.sample(), 5, START), 300);
        List<TelemetrySample> second = run(new SimulatedMachine("m", MachineSpec.VMC_3_AXIS, Job.sample(), 5, START), 300);
        List<TelemetrySample> other = run(new SimulatedMachine("m", MachineSpec.VMC_3_AXIS, Job.sample(), 6, START), 300);
        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vmc-3axis", "hsm-24k", "hmc-500"})
    void everyProfileMakesPartsAndEverySamplePassesTheProtocol(String profile) {
        SimulatedMachine machine = new SimulatedMachine("vmc-07", MachineSpec.named(profile), Job.sample(), 1, START);
        List<TelemetrySample> samples = run(machine, 2 * 3600);
        List<MachineEvent> events = machine.drainEvents();

        // A part every 9-10 minutes: five programs plus loading.
        assertThat(machine.partCount()).isBetween(10L, 16L);
        assertThat(samples.get(samples.size() - 1).partCount()).isEqualTo(machine.partCount());
        assertThat(events).filteredOn(event -> event.fact() instanceof MachineEvent.ProgramCompleted).hasSizeGreaterThanOrEqualTo(50);
        assertThat(samples).extracting(TelemetrySample::executionState).contains(ExecutionState.ACTIVE, ExecutionState.PROGRAM_COMPLETED);
        assertThat(samples).anyMatch(sample -> sample.spindleLoadPercent() > 5);

        // As the twin will receive them: batches of 10, encoded and decoded strictly.
        Clock atTheEnd = Clock.fixed(samples.get(samples.size() - 1).timestamp(), ZoneOffset.UTC);
        ProtocolCodec codec = new ProtocolCodec(CodecLimits.DEFAULT, atTheEnd);
        for (int i = 0; i < samples.size(); i += 10) {
            TelemetryBatch batch = new TelemetryBatch(ProtocolCodec.SCHEMA_VERSION, "vmc-07", samples.subList(i, i + 10));
            assertThat(codec.decodeTelemetry(Topics.telemetry("vmc-07"), codec.encode(batch)).message()).isEqualTo(batch);
        }
        long sequence = 0;
        for (MachineEvent event : events) {
            assertThat(event.sequenceNumber()).isGreaterThan(sequence);
            sequence = event.sequenceNumber();
            assertThat(codec.decodeEvent(Topics.events("vmc-07"), codec.encode(event)).message()).isEqualTo(event);
        }
    }

    @Test
    void theFinishedPartIsTheDrawing() {
        SimulatedMachine machine = new SimulatedMachine("m", MachineSpec.VMC_3_AXIS, Job.sample(), 1, START);
        while (machine.partCount() == 0) {
            machine.nextSample();
        }
        assertThat(machine.stockTopZAt(25, -10)).as("faced").isEqualTo(0);
        assertThat(machine.stockTopZAt(50, -40)).as("pocket floor").isEqualTo(-10);
        assertThat(machine.stockTopZAt(20, -20)).as("drilled hole").isLessThanOrEqualTo(-20);
        assertThat(machine.stockTopZAt(-0.75, -40)).as("outside the contour, cut to depth").isEqualTo(-12);
        assertThat(machine.stockTopZAt(0.75, -40)).as("inside the contour, untouched").isEqualTo(0);
    }

    @Test
    void toolLifeManagementReplacesAWornToolAtItsChange() {
        SimulatedMachine machine = new SimulatedMachine("m", MachineSpec.VMC_3_AXIS, Job.sample(), 3, START);
        run(machine, 8 * 3600);
        List<MachineEvent> replacements = machine.drainEvents().stream()
                .filter(event -> event.fact() instanceof MachineEvent.MaintenancePerformed performed && performed.action() == MaintenanceAction.TOOL_REPLACED)
                .toList();
        assertThat(replacements).isNotEmpty();
        assertThat(machine.truth().tools()).allMatch(tool -> tool.flankWearMm() < 0.3 && !tool.broken());
        assertThat(machine.truth().tools()).anyMatch(tool -> tool.instance() > 1);
    }

    @Test
    void aFaultAtALaterTimeWaitsForIt() {
        SimulatedMachine machine = new SimulatedMachine("m", MachineSpec.VMC_3_AXIS, Job.sample(), 3, START);
        machine.inject(FaultType.SPINDLE_IMBALANCE, 0.5, 60);
        run(machine, 59.9);
        assertThat(machine.activeFaults()).isEmpty();
        run(machine, 0.2);
        assertThat(machine.activeFaults()).singleElement()
                .satisfies(fault -> assertThat(fault.type()).isEqualTo(FaultType.SPINDLE_IMBALANCE))
                .satisfies(fault -> assertThat(fault.onsetS()).isBetween(59.9, 60.1));
    }

    @Test
    void severityOutsideItsRangeIsRefused() {
        SimulatedMachine machine = new SimulatedMachine("m", MachineSpec.VMC_3_AXIS, Job.sample(), 3, START);
        assertThatThrownBy(() -> machine.inject(FaultType.COOLANT_FAILURE, 1.5, 0))
                .hasMessage("fault severity must be in (0, 1], was 1.5");
    }
}
