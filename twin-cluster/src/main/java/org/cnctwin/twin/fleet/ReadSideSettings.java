package org.cnctwin.twin.fleet;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The read side's settings ({@code cnc-twin.read-side}, docs/configuration.md).
 *
 * @param slices how many tags the twins' events are spread over, each read by one projection: fixed for the life of the
 *     journal, since the tags are written with the events
 * @param reportEvery how often a twin's telemetry reaches the read side while nothing the fleet view shows has changed
 * @param groupEnvelopes a projection writes its fleet view rows after this many events...
 * @param groupWithin ...or this long after the first of them, whichever comes first
 * @param queryTimeout how long a fleet request waits for a slice before reading that slice from Cassandra instead
 * @param keyspace where the fleet view, its start and the projections' offsets are kept: the journal's keyspace
 * @param createTables whether a node creates those tables (CASSANDRA_SCHEMA_AUTOCREATE)
 */
public record ReadSideSettings(int slices, Duration reportEvery, int groupEnvelopes, Duration groupWithin, Duration queryTimeout, String keyspace,
                               boolean createTables) {

    public ReadSideSettings {
        if (slices < 1 || slices > 1024) {
            throw new IllegalArgumentException("cnc-twin.read-side.slices: expected 1 to 1024, was " + slices);
        }
    }

    public static ReadSideSettings fromConfig(Config config) {
        Config readSide = config.getConfig("cnc-twin.read-side");
        return new ReadSideSettings(readSide.getInt("slices"), readSide.getDuration("report-every"), readSide.getInt("group-envelopes"),
                readSide.getDuration("group-within"), readSide.getDuration("query-timeout"),
                config.getString("pekko.persistence.cassandra.journal.keyspace"),
                config.getBoolean("pekko.persistence.cassandra.journal.tables-autocreate"));
    }
}
