package org.cnctwin.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.cnctwin.twin.TwinTesting.batch;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.persistence.cassandra.query.javadsl.CassandraReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.cnctwin.twin.fleet.FleetEntry;
import org.cnctwin.twin.fleet.FleetQuery;
import org.cnctwin.twin.fleet.FleetTags;
import org.cnctwin.twin.fleet.FleetView;
import org.cnctwin.twin.testing.TestNodes;
import org.junit.jupiter.api.Test;

/**
 * The sharded twin on a one-node cluster against a real Cassandra 5.0 (a forked JVM on
 * 127.0.0.1, {@link TestNodes}): what is recorded survives the ActorSystem, duplicates stay harmless after a restart,
 * and a twin whose history is longer than the snapshot interval recovers from its snapshot.
 */
class MachineTwinCassandraIT {

    static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);
    static final String KEYSPACE = "twin_cassandra_it";

    private static ActorSystem<Void> startNode() {
        return TestNodes.start(KEYSPACE);
    }

    private static void stopNode(ActorSystem<Void> system) {
        TestNodes.stop(system);
    }

    private static EntityRef<MachineTwin.Command> twin(ActorSystem<Void> system, String machineId) {
        return ClusterSharding.get(system).entityRefFor(MachineTwin.ENTITY_TYPE_KEY, machineId);
    }

    private static MachineTwin.Recorded record(EntityRef<MachineTwin.Command> twin, long first, long last) throws Exception {
        return twin.<MachineTwin.Recorded>askWithStatus(replyTo -> new MachineTwin.RecordTelemetry(batch(twin.getEntityId(), first, last), replyTo),
                ASK_TIMEOUT).toCompletableFuture().get(ASK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private static TwinState get(EntityRef<MachineTwin.Command> twin) throws Exception {
        return twin.<TwinState>ask(MachineTwin.GetTwin::new, ASK_TIMEOUT).toCompletableFuture().get(ASK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void whatIsRecordedSurvivesTheActorSystemAndDuplicatesStayHarmless() throws Exception {
        ActorSystem<Void> first = startNode();
        TwinState before;
        try {
            EntityRef<MachineTwin.Command> twin = twin(first, "cnc-101");
            for (int second = 0; second < 30; second++) {
                assertThat(record(twin, second * 10L + 1, second * 10L + 10).accepted()).isEqualTo(10);
            }
            before = get(twin);
            assertThat(before.reported().sequenceNumber()).isEqualTo(300);
            assertThat(before.estimate().tools().get(2).flankWearMm()).isPositive();
        } finally {
            stopNode(first);
        }

        ActorSystem<Void> second = startNode();
        try {
            EntityRef<MachineTwin.Command> twin = twin(second, "cnc-101");
            assertThat(get(twin)).isEqualTo(before);
            assertThat(record(twin, 291, 300)).isEqualTo(new MachineTwin.Recorded(0, 10, 300));
            assertThat(record(twin, 295, 305)).isEqualTo(new MachineTwin.Recorded(5, 6, 305));
        } finally {
            stopNode(second);
        }
    }

    @Test
    void aLongHistoryRecoversFromItsSnapshot() throws Exception {
        int batches = MachineTwin.SNAPSHOT_EVERY_EVENTS * 3 + 7;
        ActorSystem<Void> first = startNode();
        TwinState before;
        try {
            EntityRef<MachineTwin.Command> twin = twin(first, "cnc-102");
            for (int second = 0; second < batches; second++) {
                record(twin, second * 10L + 1, second * 10L + 10);
            }
            before = get(twin);
            assertThat(before.reported().sequenceNumber()).isEqualTo(batches * 10L);
            // every batch is an event, and the planner's forecasts add a few more
            assertThat(before.version()).isGreaterThanOrEqualTo(batches);
        } finally {
            stopNode(first);
        }
        ActorSystem<Void> second = startNode();
        try {
            assertThat(get(twin(second, "cnc-102"))).isEqualTo(before);
        } finally {
            stopNode(second);
        }
    }

    @Test
    void theProductionSchemaScriptIsAllTheTwinNeeds() throws Exception {
        String script = new String(MachineTwinCassandraIT.class.getResourceAsStream("/cassandra-schema.cql").readAllBytes(), StandardCharsets.UTF_8)
                .replace("cnc_twin", "script_twin") // keyspaces of its own, so the auto-created ones of the other tests do not help
                .replace("{'class': 'NetworkTopologyStrategy', 'datacenter1': 3}", "{'class': 'SimpleStrategy', 'replication_factor': 1}");
        // The driver would also read application.conf, and its default contact point, without a loader of its own.
        DriverConfigLoader onlyThisCassandra = DriverConfigLoader.fromString("""
                datastax-java-driver.basic.contact-points = ["%s"]
                datastax-java-driver.basic.load-balancing-policy.local-datacenter = datacenter1
                """.formatted(TestNodes.cassandra().contactPoint()));
        try (CqlSession cql = CqlSession.builder().withConfigLoader(onlyThisCassandra).build()) {
            for (String statement : script.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!statement.isBlank()) {
                    cql.execute(statement);
                }
            }
        }
        ActorSystem<Void> node = TestNodes.start(KEYSPACE, ConfigFactory.parseString("""
                pekko.persistence.cassandra.journal { keyspace = script_twin, keyspace-autocreate = false, tables-autocreate = false }
                pekko.persistence.cassandra.snapshot { keyspace = script_twin_snapshot, keyspace-autocreate = false, tables-autocreate = false }
                """));
        try {
            FleetView fleetView = FleetView.start(node); // the read side, on the script's tables only
            EntityRef<MachineTwin.Command> twin = twin(node, "cnc-103");
            for (int second = 0; second < MachineTwin.SNAPSHOT_EVERY_EVENTS + 5; second++) { // past a snapshot
                assertThat(record(twin, second * 10L + 1, second * 10L + 10).accepted()).isEqualTo(10);
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(fleetView.page(new FleetQuery(Optional.empty(), Optional.empty(), 0, 10))
                    .toCompletableFuture().get().entries()).extracting(FleetEntry::machineId).containsExactly("cnc-103"));
            // What the read side reads: the machine's events under its slice's tag, and nothing of the journal warm-up's twin,
            // which this node wrote before it took shards.
            CassandraReadJournal journal = PersistenceQuery.get(node).getReadJournalFor(CassandraReadJournal.class, CassandraReadJournal.Identifier());
            java.util.Set<String> tagged = new java.util.TreeSet<>();
            for (int slice = 0; slice < FleetTags.get(node).slices(); slice++) {
                journal.currentEventsByTag(FleetTags.get(node).tag(slice), Offset.timeBasedUUID(Uuids.startOf(System.currentTimeMillis() - Duration.ofHours(2).toMillis())))
                        .runWith(Sink.seq(), node).toCompletableFuture().get(30, TimeUnit.SECONDS)
                        .forEach(envelope -> tagged.add(envelope.persistenceId()));
            }
            assertThat(tagged).containsExactly("MachineTwin|cnc-103");
        } finally {
            stopNode(node);
        }
    }
}
