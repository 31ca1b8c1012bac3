package org.cnctwin.twin.fleet;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.projection.cassandra.javadsl.CassandraProjection;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSession;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;

/**
 * The fleet view in Cassandra: a row per machine, partitioned by slice and ordered by machine id,
 * so a slice's projection loads its machines with one partition read, and the read side's start
 * ({@link #epoch}), the point a projection with no offset yet reads from. Shares the projections'
 * session, which reads the same {@code datastax-java-driver} settings as the journal.
 */
public final class FleetViewStore {

    /** Session of the projections (and their offset store): pekko-projection-cassandra's reference.conf. */
    static final String SESSION_CONFIG = "pekko.projection.cassandra.session-config";
    /**
     * The read side's start is set this long before the first node's start: a twin on a node whose
     * clock runs behind could otherwise write a tagged event before it.
     */
    static final Duration EPOCH_MARGIN = Duration.ofHours(1);
    static final Duration DDL_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final CassandraSession session;
    private final String keyspace;
    /** Prepared on the first write, once the table exists: a statement prepared before it would fail for good. */
    private volatile CompletionStage<PreparedStatement> upsert;

    public FleetViewStore(ActorSystem<?> system, String keyspace) {
        this.session = CassandraSessionRegistry.get(system).sessionFor(SESSION_CONFIG);
        this.keyspace = keyspace;
    }

    private CompletionStage<PreparedStatement> upsert() {
        CompletionStage<PreparedStatement> prepared = upsert;
        if (prepared == null || prepared.toCompletableFuture().isCompletedExceptionally()) {
            prepared = session.prepare("INSERT INTO " + keyspace + ".fleet_view (slice, machine_id, health, execution_state, sequence_nr, entry, "
                    + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
            upsert = prepared;
        }
        return prepared;
    }

    /**
     * The tables of the read side, as {@code cassandra-schema.cql} has them for production: the
     * fleet view, its start, and the projections' offsets (pekko-projection-cassandra's own).
     */
    public CompletionStage<Done> createTables(ActorSystem<?> system) {
        return ddl("CREATE TABLE IF NOT EXISTS " + keyspace + ".fleet_view (slice int, machine_id text, health text, "
                        + "execution_state text, sequence_nr bigint, entry text, updated_at timestamp, PRIMARY KEY ((slice), machine_id))")
                .thenCompose(done -> ddl("CREATE TABLE IF NOT EXISTS " + keyspace + ".read_side_epoch (name text PRIMARY KEY, since timestamp)"))
                .thenCompose(done -> CassandraProjection.createTablesIfNotExists(system));
    }

    /**
     * A schema change, given longer than a query: nodes starting together create the same tables
     * at once, and Cassandra takes seconds to agree on the schema then.
     */
    private CompletionStage<Done> ddl(String statement) {
        return session.underlying().thenCompose(cql -> cql.executeAsync(SimpleStatement.newInstance(statement).setTimeout(DDL_TIMEOUT)))
                .thenApply(result -> Done.getInstance());
    }

    /**
     * When the read side began: the first node to ask sets it ({@code IF NOT EXISTS}), the others
     * read what it set. A projection without an offset reads from here, not from the events-by-tag
     * plugin's fixed first bucket, which would make a new cluster scan years of empty minutes.
     */
    public CompletionStage<Instant> epoch() {
        Instant proposed = Instant.now().minus(EPOCH_MARGIN);
        return session.executeWrite("INSERT INTO " + keyspace + ".read_side_epoch (name, since) VALUES ('fleet-view', ?) IF NOT EXISTS", proposed)
                .thenCompose(done -> session.selectOne("SELECT since FROM " + keyspace + ".read_side_epoch WHERE name = 'fleet-view'"))
                .thenApply(row -> row.map(found -> found.getInstant("since")).orElseThrow(() -> new IllegalStateException(
                        "the read side's start was written but does not read back from " + keyspace + ".read_side_epoch")));
    }

    /** The time-based offset at {@code instant}: events-by-tag returns the events after it. */
    static UUID offsetAt(Instant instant) {
        return Uuids.startOf(instant.toEpochMilli());
    }

    public CompletionStage<List<FleetEntry>> load(int slice) {
        return session.selectAll("SELECT entry FROM " + keyspace + ".fleet_view WHERE slice = ?", slice)
                .thenApply(rows -> rows.stream().map(FleetViewStore::entry).toList());
    }

    public CompletionStage<Optional<FleetEntry>> find(int slice, String machineId) {
        return session.selectOne("SELECT entry FROM " + keyspace + ".fleet_view WHERE slice = ? AND machine_id = ?", slice, machineId)
                .thenApply(row -> row.map(FleetViewStore::entry));
    }

    /** Writes each entry's row; rows are whole, so writing one again (a replayed group) leaves it as it was. */
    public CompletionStage<Done> save(int slice, List<FleetEntry> entries) {
        return upsert().thenCompose(statement -> {
            List<CompletableFuture<Done>> writes = new ArrayList<>(entries.size());
            for (FleetEntry entry : entries) {
                writes.add(session.executeWrite(statement.bind(slice, entry.machineId(), entry.health(),
                        entry.executionState() == null ? null : entry.executionState().name(), entry.sequenceNr(), json(entry),
                        entry.updatedAt())).toCompletableFuture());
            }
            return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).thenApply(all -> Done.getInstance());
        });
    }

    private static FleetEntry entry(Row row) {
        try {
            return JSON.readValue(row.getString("entry"), FleetEntry.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a fleet_view row does not read as a FleetEntry: " + e.getOriginalMessage(), e);
        }
    }

    private static String json(FleetEntry entry) {
        try {
            return JSON.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the fleet entry of " + entry.machineId(), e);
        }
    }
}
