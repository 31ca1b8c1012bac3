package org.cnctwin.twin.reliability;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.OptionsMap;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.UUID;

/**
 * What the twins persisted, read back two ways after a scenario: the samples of every twin's
 * journal through the API's history ({@code types=TelemetryRecorded}), to compare with what the
 * broker acknowledged; and, straight from Cassandra, which writer wrote each event
 * ({@code writer_uuid}: one per incarnation of a twin, so per node it ran on), to check that no
 * twin was ever written by two at once: a writer that comes back after another wrote is two
 * incarnations alive together, a split brain.
 */
final class JournalAudit implements AutoCloseable {

    /** One twin's journal as far as this audit is concerned. */
    record Twin(String machineId, Set<Long> persistedSamples, List<UUID> writerRuns) {

        /** Writers in the order of the journal, each once per run of events it wrote: [a, b] is a handover, [a, b, a] two writers at once. */
        boolean interleavesWriters() {
            return new HashSet<>(writerRuns).size() < writerRuns.size();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final CqlSession cassandra;

    JournalAudit(String cassandraContactPoint) {
        String[] hostAndPort = cassandraContactPoint.split(":");
        // The driver's defaults, not the node's application.conf on this class path, which names its own contact points.
        this.cassandra = CqlSession.builder().withConfigLoader(DriverConfigLoader.fromMap(OptionsMap.driverDefaults()))
                .addContactPoint(new InetSocketAddress(hostAndPort[0], Integer.parseInt(hostAndPort[1]))).withLocalDatacenter("datacenter1").build();
    }

    Twin twin(String httpUrl, String machineId) throws Exception {
        return new Twin(machineId, persistedSamples(httpUrl, machineId), writerRuns(machineId));
    }

    /** The acknowledged batches (by their first sample) of which the twin's journal lacks a sample. */
    static List<Long> missingBatches(Twin twin, NavigableSet<Long> acknowledgedBatches) {
        List<Long> missing = new ArrayList<>();
        for (long first : acknowledgedBatches) {
            for (long sequence = first; sequence < first + AcknowledgedLoad.SAMPLES_PER_BATCH; sequence++) {
                if (!twin.persistedSamples().contains(sequence)) {
                    missing.add(first);
                    break;
                }
            }
        }
        return missing;
    }

    private Set<Long> persistedSamples(String httpUrl, String machineId) throws Exception {
        Set<Long> samples = new HashSet<>();
        long after = 0;
        while (true) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(httpUrl + "/api/v1/machines/" + machineId
                    + "/history?types=TelemetryRecorded&limit=1000&after=" + after)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return samples; // a twin that never recorded anything
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException(machineId + "'s history: " + response.statusCode() + " " + response.body());
            }
            JsonNode page = JSON.readTree(response.body());
            for (JsonNode event : page.get("events")) {
                event.at("/event/samples").forEach(sample -> samples.add(sample.get("sequenceNumber").asLong()));
            }
            if (page.path("next").isNull() || page.path("next").isMissingNode()) {
                return samples;
            }
            after = page.at("/next/after").asLong();
        }
    }

    private List<UUID> writerRuns(String machineId) {
        List<UUID> runs = new ArrayList<>();
        Map<Long, UUID> writers = new HashMap<>();
        // Partitions of 500,000 events (the plugin's default): a scenario's twins fill part of the first.
        for (Row row : cassandra.execute("SELECT sequence_nr, writer_uuid FROM cnc_twin.messages WHERE persistence_id = ? AND partition_nr = 0",
                "MachineTwin|" + machineId)) {
            writers.put(row.getLong("sequence_nr"), UUID.fromString(row.getString("writer_uuid")));
        }
        writers.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(entry.getValue())) {
                runs.add(entry.getValue());
            }
        });
        return runs;
    }

    @Override
    public void close() {
        cassandra.close();
    }
}
