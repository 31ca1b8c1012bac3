package org.cnctwin.twin;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.cnctwin.protocol.Severity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A journal written before the events and the state moved out of MachineTwin still reads. */
class RenamedJournalClassesTest {

    static final ActorTestKit TESTKIT = ActorTestKit.create(ConfigFactory.load());

    @AfterAll
    static void stop() {
        TESTKIT.shutdownTestKit();
    }

    @Test
    void anEventAndASnapshotUnderTheirOldNamesReadAsTheirNewClasses() {
        Serialization serialization = SerializationExtension.get(TESTKIT.system());
        TwinEvent raised = new TwinEvent.AlertRaised("cnc-001-1", "SPINDLE_TEMPERATURE", Severity.WARNING, "rules", "hot", List.of(),
                Instant.parse("2026-12-01T10:00:00Z"));
        TwinState state = TwinState.empty("cnc-001").apply(raised);
        for (Object value : List.of(raised, state)) {
            Serializer serializer = serialization.findSerializerFor(value);
            String oldName = RenamedJournalClasses.MOVED.entrySet().stream().filter(moved -> moved.getValue() == value.getClass()).findFirst()
                    .orElseThrow().getKey();
            Object read = serialization.deserialize(serializer.toBinary(value), serializer.identifier(), oldName).get();
            assertThat(read).isEqualTo(value);
        }
    }

    @Test
    void everyMovedClassIsConfiguredAsAMigration() {
        Set<String> configured = TESTKIT.system().settings().config().getConfig("pekko.serialization.jackson.migrations").root().keySet()
                .stream().map(key -> key.replace("\"", "")).collect(java.util.stream.Collectors.toSet());
        assertThat(configured).containsAll(RenamedJournalClasses.MOVED.keySet());
    }
}
