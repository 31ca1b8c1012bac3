package org.cnctwin.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.cnctwin.twin.TwinTesting.batch;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.cnctwin.protocol.MachineEvent;
import org.cnctwin.protocol.MaintenanceAction;
import org.cnctwin.protocol.ProtocolCodec;
import org.cnctwin.protocol.Severity;
import org.cnctwin.protocol.TelemetryBatch;
import org.cnctwin.protocol.TelemetrySample;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The twin entity on Pekko's in-memory journal: what it persists, what it replies, what it
 * recovers. The children are TestKit probes here, as a tester would use them (docs/testing.md):
 * the test sees what the twin feeds them and speaks for them.
 */
class MachineTwinTest {

    static final ActorTestKit TESTKIT = ActorTestKit.create(EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));

    final TestProbe<Observation> detector = TESTKIT.createTestProbe();
    final TestProbe<Observation> planner = TESTKIT.createTestProbe();
    EventSourcedBehaviorTestKit<MachineTwin.Command, TwinEvent, TwinState> twin;

    @BeforeEach
    void spawn() {
        TwinChildren probes = new TwinChildren(
                parent -> Behaviors.monitor(Observation.class, detector.ref(), Behaviors.ignore()),
                parent -> Behaviors.monitor(Observation.class, planner.ref(), Behaviors.ignore()));
        twin = EventSourcedBehaviorTestKit.create(TESTKIT.system(), MachineTwin.create("cnc-001", probes));
    }

    @AfterAll
    static void stop() {
        TESTKIT.shutdownTestKit();
    }

    private EventSourcedBehaviorTestKit.CommandResultWithReply<MachineTwin.Command, TwinEvent, TwinState, StatusReply<MachineTwin.Recorded>>
            record(long first, long last) {
        return twin.runCommand(replyTo -> new MachineTwin.RecordTelemetry(batch("cnc-001", first, last), replyTo));
    }

    @Test
    void aBatchIsOneEventThenFedToBothChildren() {
        var result = record(1, 10);

        assertThat(result.reply().getValue()).isEqualTo(new MachineTwin.Recorded(10, 0, 10));
        assertThat(result.events()).hasSize(1);
        assertThat(result.eventOfType(TwinEvent.TelemetryRecorded.class).samples()).hasSize(10);
        assertThat(result.state().reported().sequenceNumber()).isEqualTo(10);
        assertThat(detector.receiveMessage().samples()).hasSize(10);
        assertThat(planner.receiveMessage().estimate()).isEqualTo(result.state().estimate());
    }

    @Test
    void redeliveredSamplesAreIgnoredAndLateOnesRecordedWithoutRollingTheStateBack() {
        record(1, 10);
        var again = record(1, 10);
        assertThat(again.reply().getValue()).isEqualTo(new MachineTwin.Recorded(0, 10, 10));
        assertThat(again.hasNoEvents()).isTrue();

        var overlapping = record(6, 15);
        assertThat(overlapping.reply().getValue()).isEqualTo(new MachineTwin.Recorded(5, 5, 15));
        assertThat(overlapping.eventOfType(TwinEvent.TelemetryRecorded.class).samples()).extracting(sample -> sample.sequenceNumber())
                .containsExactly(11L, 12L, 13L, 14L, 15L);

        record(21, 30);
        // Arrived after a newer batch (a shared subscription gives no order): recorded, but the state is not rolled back.
        var late = record(16, 20);
        assertThat(late.reply().getValue()).isEqualTo(new MachineTwin.Recorded(5, 0, 30));
        assertThat(late.state().reported().sequenceNumber()).isEqualTo(30);
        assertThat(late.state().estimate()).isEqualTo(twin.getState().estimate());
        assertThat(record(16, 30).reply().getValue()).isEqualTo(new MachineTwin.Recorded(0, 15, 30));
    }

    @Test
    void aFindingRaisesOneAlertHoweverOftenItComesAndItsEndClearsIt() {
        var started = new Finding.AnomalyStarted("SPINDLE_TEMPERATURE", Severity.WARNING, "rules", "hot", List.of());
        var first = twin.runCommand(new MachineTwin.ReportFinding(started));
        assertThat(first.eventOfType(TwinEvent.AlertRaised.class).alertId()).isEqualTo("cnc-001-1");
        assertThat(twin.runCommand(new MachineTwin.ReportFinding(started)).hasNoEvents()).isTrue();

        var ended = twin.runCommand(new MachineTwin.ReportFinding(new Finding.AnomalyEnded("SPINDLE_TEMPERATURE", "cooled")));
        assertThat(ended.eventOfType(TwinEvent.AlertCleared.class).alertId()).isEqualTo("cnc-001-1");
        assertThat(ended.state().activeAlerts()).isEmpty();
        assertThat(twin.runCommand(new MachineTwin.ReportFinding(started)).eventOfType(TwinEvent.AlertRaised.class).alertId())
                .isEqualTo("cnc-001-2");
    }

    @Test
    void acknowledgingNamesAnUnknownAlertAndKeepsAKnownOneActive() {
        twin.runCommand(new MachineTwin.ReportFinding(new Finding.AnomalyStarted("VIBRATION_ZONE_C", Severity.WARNING, "rules", "rough", List.of())));

        StatusReply<Done> unknown = twin.<StatusReply<Done>>runCommand(replyTo -> new MachineTwin.AcknowledgeAlert("cnc-001-9", "ann", "", replyTo)).reply();
        assertThat(unknown.isError()).isTrue();
        assertThat(unknown.getError()).hasMessage("machine cnc-001 has no active alert cnc-001-9; active: [cnc-001-1]");

        var known = twin.<StatusReply<Done>>runCommand(replyTo -> new MachineTwin.AcknowledgeAlert("cnc-001-1", "ann", "looking", replyTo));
        assertThat(known.reply().isSuccess()).isTrue();
        assertThat(known.state().activeAlerts().get("cnc-001-1").acknowledgedBy()).isEqualTo("ann");
        assertThat(twin.<StatusReply<Done>>runCommand(replyTo -> new MachineTwin.AcknowledgeAlert("cnc-001-1", "bob", "", replyTo)).hasNoEvents())
                .isTrue();
    }

    @Test
    void cuttingWearsTheToolAndAReplacementStartsANewEdge() {
        record(1, 600); // a minute of cutting at 6,000 rpm, 2 kW with tool 2 (D10 coated carbide)
        MachineEstimate.ToolEstimate worn = twin.getState().estimate().tools().get(2);
        assertThat(worn.flankWearMm()).isPositive();
        assertThat(worn.cuttingS()).isCloseTo(59.9, org.assertj.core.data.Offset.offset(0.01));
        assertThat(worn.remainingLifeMin()).isPositive().isFinite();

        MachineEvent replaced = new MachineEvent(ProtocolCodec.SCHEMA_VERSION, "cnc-001", Instant.now(), 1,
                new MachineEvent.MaintenancePerformed(MaintenanceAction.TOOL_REPLACED, 2, "simulator", "tool life management"));
        twin.<StatusReply<MachineTwin.Recorded>>runCommand(replyTo -> new MachineTwin.RecordMachineEvent(replaced, replyTo));
        MachineEstimate.ToolEstimate fresh = twin.getState().estimate().tools().get(2);
        assertThat(fresh.edge()).isEqualTo(2);
        assertThat(fresh.flankWearMm()).isZero();

        EventSourcedBehaviorTestKit.CommandResultWithReply<MachineTwin.Command, TwinEvent, TwinState, StatusReply<MachineTwin.Recorded>>
                again = twin.runCommand(replyTo -> new MachineTwin.RecordMachineEvent(replaced, replyTo));
        assertThat(again.reply().getValue().duplicates()).isEqualTo(1);
    }

    @Test
    void aRestartRecoversTheSameTwin() {
        record(1, 300);
        twin.runCommand(new MachineTwin.ReportFinding(new Finding.AnomalyStarted("SPINDLE_OVERLOAD", Severity.WARNING, "rules", "load", List.of())));
        twin.runCommand(new MachineTwin.ReportFinding(new Finding.ToolLifeForecast(2, 1, 0.08, 42)));
        TwinState before = twin.getState();

        twin.restart();

        assertThat(twin.getState()).isEqualTo(before);
    }

    @Test
    void aFaultInjectedThroughTelemetryBecomesAnAlertWithTheRealDetector() {
        var real = EventSourcedBehaviorTestKit.<MachineTwin.Command, TwinEvent, TwinState>create(TESTKIT.system(),
                MachineTwin.create("cnc-002", TwinChildren.standard()));
        List<TelemetrySample> overheating = new ArrayList<>();
        for (long sequence = 1; sequence <= 30; sequence++) {
            overheating.add(TwinTesting.sample(sequence, 65, 1)); // coolant gone: 65 °C, above the 60 °C limit
        }
        real.<StatusReply<MachineTwin.Recorded>>runCommand(replyTo -> new MachineTwin.RecordTelemetry(new TelemetryBatch(ProtocolCodec.SCHEMA_VERSION, "cnc-002", overheating),
                replyTo));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(real.getState().activeAlerts().values())
                .extracting(TwinState.ActiveAlert::code, TwinState.ActiveAlert::severity)
                .containsExactly(tuple("SPINDLE_TEMPERATURE", Severity.WARNING)));

        List<TelemetrySample> cooled = new ArrayList<>();
        for (long sequence = 31; sequence <= 100; sequence++) {
            cooled.add(TwinTesting.sample(sequence, 40, 1));
        }
        real.<StatusReply<MachineTwin.Recorded>>runCommand(replyTo -> new MachineTwin.RecordTelemetry(new TelemetryBatch(ProtocolCodec.SCHEMA_VERSION, "cnc-002", cooled), replyTo));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(real.getState().activeAlerts()).isEmpty());
    }

    @Test
    void subscribersHearOfEveryChangeUntilTheyLeave() {
        TestProbe<MachineTwin.TwinChanged> subscriber = TESTKIT.createTestProbe();
        twin.runCommand(new MachineTwin.Subscribe(subscriber.ref()));
        assertThat(subscriber.receiveMessage().events()).as("the state it starts from").isEmpty();

        record(1, 10);
        MachineTwin.TwinChanged changed = subscriber.receiveMessage();
        assertThat(changed.events()).singleElement().isInstanceOf(TwinEvent.TelemetryRecorded.class);
        assertThat(changed.state().reported().sequenceNumber()).isEqualTo(10);
        record(1, 10);
        subscriber.expectNoMessage(Duration.ofMillis(200)); // a duplicate changes nothing

        twin.runCommand(new MachineTwin.Unsubscribe(subscriber.ref()));
        record(11, 20);
        subscriber.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void aNodeRecoversATwinOfItsOwnBeforeTakingShardsAndTheFirstNodeWritesItsHistory() {
        List<TwinEvent> history = TwinWarmUp.warmUp(TESTKIT.system());
        assertThat(history).hasSize(2 * MachineTwin.SNAPSHOT_EVERY_EVENTS - 1).first().isInstanceOf(TwinEvent.Configured.class);
        assertThat(TwinWarmUp.warmUpJournal(TESTKIT.system(), history)).as("the first start finds nothing").isZero();
        PersistenceTestKit journal = PersistenceTestKit.create(TESTKIT.system());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(journal.persistedInStorage("MachineTwin|~warm-up")).hasSize(history.size()));
        assertThat(TwinWarmUp.warmUpJournal(TESTKIT.system(), history)).as("a later start reads it and writes nothing").isEqualTo(history.size());
        assertThat(journal.persistedInStorage("MachineTwin|~warm-up")).hasSize(history.size());
    }

    @Test
    void aRefusedWriteRestartsTheTwinAfterABackoffAndItRecoversWhatWasWritten() {
        PersistenceTestKit journal = PersistenceTestKit.create(TESTKIT.system());
        TwinChildren ignoring = new TwinChildren(parent -> Behaviors.ignore(), parent -> Behaviors.ignore());
        var live = TESTKIT.spawn(MachineTwin.create("cnc-refused-1", ignoring));
        TestProbe<StatusReply<MachineTwin.Recorded>> replies = TESTKIT.createTestProbe();
        live.tell(new MachineTwin.RecordTelemetry(batch("cnc-refused-1", 1, 10), replies.ref()));
        assertThat(replies.receiveMessage().getValue().accepted()).isEqualTo(10);

        journal.failNextPersisted(); // the journal refuses the next write, as a Cassandra outage does
        live.tell(new MachineTwin.RecordTelemetry(batch("cnc-refused-1", 11, 20), replies.ref()));
        replies.expectNoMessage(Duration.ofMillis(300)); // no reply: the batch stays unacknowledged, for redelivery

        // The restarted twin recovered samples 1-10 and takes the redelivered batch.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            live.tell(new MachineTwin.RecordTelemetry(batch("cnc-refused-1", 11, 20), replies.ref()));
            MachineTwin.Recorded recorded = replies.receiveMessage(Duration.ofSeconds(1)).getValue();
            assertThat(recorded).isEqualTo(new MachineTwin.Recorded(10, 0, 20));
        });
        assertThat(journal.persistedInStorage("MachineTwin|cnc-refused-1")).hasSize(2);
    }

    @Test
    void whatATwinLogsCarriesItsMachineId() {
        // Logback reads an event's MDC when first asked: keep it as it is on the logging thread.
        List<Map<String, String>> alertMdcs = new java.util.concurrent.CopyOnWriteArrayList<>();
        ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent> captured = new ch.qos.logback.core.AppenderBase<>() {
            @Override
            protected void append(ch.qos.logback.classic.spi.ILoggingEvent event) {
                if (event.getFormattedMessage().startsWith("alert WARNING SPINDLE_TEMPERATURE")) {
                    alertMdcs.add(Map.copyOf(event.getMDCPropertyMap()));
                }
            }
        };
        captured.start();
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(captured);
        try {
            twin.runCommand(new MachineTwin.ReportFinding(new Finding.AnomalyStarted("SPINDLE_TEMPERATURE", Severity.WARNING, "test", "hot",
                    List.of())));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(alertMdcs).singleElement()
                    .satisfies(mdc -> assertThat(mdc).containsEntry("machineId", "cnc-001")));
        } finally {
            root.detachAppender(captured);
        }
    }
}
