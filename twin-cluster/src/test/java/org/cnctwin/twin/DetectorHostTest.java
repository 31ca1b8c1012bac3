package org.cnctwin.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.cnctwin.protocol.Severity;
import org.cnctwin.twin.detection.Detector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A twin's child, with a probe in the twin's place: it gives every detector each observation and reports what they find. */
class DetectorHostTest {

    static final ActorTestKit TESTKIT = ActorTestKit.create();

    @AfterAll
    static void stop() {
        TESTKIT.shutdownTestKit();
    }

    /** Finds one anomaly named after itself and the batch's first sample. */
    record Naming(String name) implements Detector {
        @Override
        public List<Finding> observe(Observation observation) {
            return List.of(new Finding.AnomalyStarted(name + "-" + observation.samples().get(0).sequenceNumber(), Severity.INFO, name, "", List.of()));
        }
    }

    @Test
    void everyDetectorSeesEveryObservationAndItsFindingsReachTheTwin() {
        TestProbe<MachineTwin.Command> twin = TESTKIT.createTestProbe();
        ActorRef<Observation> child = TESTKIT.spawn(DetectorHost.create(twin.ref(), () -> List.of(new Naming("a"), new Naming("b"))));
        for (long first : List.of(1L, 11L)) {
            child.tell(new Observation("cnc-001", TwinTesting.batch("cnc-001", first, first + 9).samples(), MachineEstimate.initial(),
                    MachineConfiguration.defaults(), Set.of()));
        }
        List<String> codes = twin.receiveSeveralMessages(4).stream()
                .map(command -> ((Finding.AnomalyStarted) ((MachineTwin.ReportFinding) command).finding()).code()).toList();
        assertThat(codes).containsExactly("a-1", "b-1", "a-11", "b-11");
    }
}
