package org.cnctwin.twin.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.cnctwin.machine.sim.FaultSpec;
import org.cnctwin.machine.sim.Job;
import org.cnctwin.machine.sim.MachineSpec;
import org.junit.jupiter.api.Test;

/** The evaluation as a function of its options: short simulated runs, judged against what the simulator did. */
class EvaluationTest {

    private static EvaluationReport evaluate(int machines, Duration duration, long seed, String... faults) throws InterruptedException {
        return Evaluation.run(new Evaluation.Options(machines, "cnc", List.of(MachineSpec.ALL), Job.sample(), duration, seed,
                java.util.Arrays.stream(faults).map(FaultSpec::parse).toList(), 2));
    }

    @Test
    void theSameOptionsGiveTheSameReport() throws InterruptedException {
        EvaluationReport first = evaluate(2, Duration.ofMinutes(40), 3, "tool-breakage@10m:cnc-002");
        EvaluationReport second = evaluate(2, Duration.ofMinutes(40), 3, "tool-breakage@10m:cnc-002");
        assertThat(second.faults()).isEqualTo(first.faults());
        assertThat(second.falseAlarms()).isEqualTo(first.falseAlarms());
        assertThat(second.rul()).isEqualTo(first.rul());
        assertThat(first.machineHours()).isCloseTo(2 * 40 / 60.0, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void aBrokenToolIsAFailureAtTheBreakAndTheControlsAlarmFindsItThenNotBefore() throws InterruptedException {
        EvaluationReport report = evaluate(1, Duration.ofMinutes(30), 1, "tool-breakage@10m");
        EvaluationReport.Fault breakage = report.faults().stream().filter(fault -> fault.type().equals("TOOL_BREAKAGE")).findFirst().orElseThrow();
        assertThat(breakage.onsetS()).isEqualTo(600);
        assertThat(breakage.failureAtS()).as("the tool breaks at its next cut").isNotNull().isGreaterThanOrEqualTo(600);
        assertThat(breakage.detectedAtS()).as("the control's TL3001").isNotNull().isGreaterThanOrEqualTo(breakage.failureAtS());
        assertThat(breakage.detector()).isEqualTo("control");
        assertThat(breakage.code()).isEqualTo("ALARM_TL3001");
    }

    @Test
    void aFaultForAMachineThatIsNotInTheFleetIsRefused() {
        assertThatThrownBy(() -> evaluate(2, Duration.ofMinutes(1), 1, "coolant-failure@1m:cnc-009"))
                .hasMessageContaining("cnc-009").hasMessageContaining("cnc-001 to cnc-002");
    }
}
