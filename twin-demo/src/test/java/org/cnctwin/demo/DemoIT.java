package org.cnctwin.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cnctwin.twin.testing.PromtoolCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-command demo as a user meets it: Cassandra in its own JVM, the in-process broker, the
 * production node as a cluster of one, a simulated fleet and the page, all started by {@link Demo#start}. Machines appear,
 * their twins change, errors are problem documents, Ctrl-C's shutdown stops Cassandra's JVM too,
 * and a second run on the same data continues the stored twins.
 */
class DemoIT {

    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path data;

    private HttpResponse<String> get(Demo.Running demo, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(demo.url() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(Demo.Running demo, String path) throws Exception {
        HttpResponse<String> response = get(demo, path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void stop(Demo.Running demo) throws Exception {
        demo.node().system().terminate(); // what Ctrl-C does: the JVM's shutdown hook runs the coordinated shutdown
        demo.node().system().getWhenTerminated().toCompletableFuture().get(90, TimeUnit.SECONDS);
    }

    private void theMachineStreamFollowsTheTwin(Demo.Running demo) throws Exception {
        try (var stream = new org.cnctwin.twin.http.SseClient(demo.url() + "/api/v1/machines/cnc-002/stream")) {
            long firstSequence = stream.next("twin").at("/twin/reported/sequenceNumber").asLong();
            // The machine's events (a program started, a part counted) are changes too; telemetry follows within a second.
            JsonNode changed = stream.next("twin");
            for (int change = 1; change < 5 && !changes(changed).contains("TelemetryRecorded"); change++) {
                changed = stream.next("twin");
            }
            assertThat(changes(changed)).contains("TelemetryRecorded");
            assertThat(changed.at("/twin/reported/sequenceNumber").asLong()).isGreaterThan(firstSequence);
        }
    }

    private static List<String> changes(JsonNode changed) {
        List<String> changes = new ArrayList<>();
        changed.get("changes").forEach(change -> changes.add(change.asText()));
        return changes;
    }

    private void aFaultPostedToTheApiReachesTheSimulatedMachineAndComesBackAsAnAlert(Demo.Running demo) throws Exception {
        HttpResponse<String> sent = post(demo, "/api/v1/machines/cnc-001/faults", "{\"type\": \"InjectFault\", \"fault\": \"TOOL_BREAKAGE\", \"severity\": 1}");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        // Through Moquette to the simulator, which breaks the tool at its next cut and raises the control's alarm.
        await().atMost(Duration.ofSeconds(90)).until(() -> json(demo, "/api/v1/machines/cnc-001").get("activeAlerts").toString().contains("ALARM_"));
        JsonNode alert = json(demo, "/api/v1/machines/cnc-001").get("activeAlerts").elements().next();
        assertThat(post(demo, "/api/v1/machines/cnc-001/alerts/" + alert.get("alertId").asText() + "/ack", "{\"acknowledgedBy\": \"it\"}")
                .statusCode()).isEqualTo(204);
        assertThat(json(demo, "/api/v1/machines/cnc-001").at("/activeAlerts/" + alert.get("alertId").asText() + "/acknowledgedBy").asText())
                .isEqualTo("it");
    }

    private void theHistoryIsReadFromCassandraByTime(Demo.Running demo) throws Exception {
        JsonNode all = json(demo, "/api/v1/machines/cnc-002/history?types=TelemetryRecorded&limit=1000");
        JsonNode events = all.get("events");
        assertThat(events.size()).isGreaterThan(3);
        String middle = events.get(events.size() / 2).get("timestamp").asText();
        JsonNode later = json(demo, "/api/v1/machines/cnc-002/history?types=TelemetryRecorded&limit=1000&from=" + middle);
        assertThat(later.get("events").size()).isBetween(1, events.size() - 1);
        later.get("events").forEach(event -> assertThat(event.get("timestamp").asText()).isGreaterThanOrEqualTo(middle));
        JsonNode earlier = json(demo, "/api/v1/machines/cnc-002/history?types=TelemetryRecorded&to=" + middle);
        earlier.get("events").forEach(event -> assertThat(event.get("timestamp").asText()).isLessThan(middle));
        assertThat(earlier.get("next").isNull()).as("reading stops at 'to'").isTrue();
    }

    private void operatorsCanProbeAndScrapeTheNode(Demo.Running demo) throws Exception {
        assertThat(send(demo.managementUrl() + "/ready").statusCode()).isEqualTo(200);
        assertThat(send(demo.managementUrl() + "/alive").statusCode()).isEqualTo(200);
        JsonNode members = JSON.readTree(send(demo.managementUrl() + "/cluster/members").body());
        assertThat(members.get("members")).hasSize(1);
        assertThat(members.at("/members/0/status").asText()).isEqualTo("Up");
        JsonNode shards = JSON.readTree(send(demo.managementUrl() + "/cluster/shards/MachineTwin").body());
        int entities = 0;
        for (JsonNode shard : shards.get("regions")) { // this node's shards: {shardId, numEntities}
            entities += shard.get("numEntities").asInt();
        }
        assertThat(entities).isEqualTo(3);

        String metrics = get(demo, "/metrics").body();
        assertThat(metrics).contains("cnc_ingest_samples_recorded_total").containsPattern("(?m)^cnc_twins_active 3(\\.0)?$");
        PromtoolCheck.assertValid(metrics);
    }

    private HttpResponse<String> send(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(Demo.Running demo, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(demo.url() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theDemoServesLiveMachinesAndASecondRunContinuesTheirTwins() throws Exception {
        Demo.Running first = Demo.start(data, 3, 0, null);
        long versionBefore;
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(json(first, "/api/v1/machines").get("total").asInt()).isEqualTo(3));
            JsonNode page = json(first, "/api/v1/machines?offset=1&limit=1");
            assertThat(page.get("machines")).hasSize(1);
            assertThat(page.get("machines").get(0).get("machineId").asText()).isEqualTo("cnc-002");

            long sequence = json(first, "/api/v1/machines/cnc-001").at("/reported/sequenceNumber").asLong();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> json(first, "/api/v1/machines/cnc-001").at("/reported/sequenceNumber").asLong() > sequence);

            HttpResponse<String> unknown = get(first, "/api/v1/machines/cnc-999");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.headers().firstValue("content-type")).hasValue("application/problem+json");
            assertThat(JSON.readTree(unknown.body()).get("detail").asText()).isEqualTo("no machine cnc-999 has reported to this cluster");
            assertThat(get(first, "/api/v1/machines?limit=0").statusCode()).isEqualTo(400);
            assertThat(get(first, "/").body()).contains("<title>CNC fleet twin</title>");

            theMachineStreamFollowsTheTwin(first);
            aFaultPostedToTheApiReachesTheSimulatedMachineAndComesBackAsAnAlert(first);
            theHistoryIsReadFromCassandraByTime(first);
            operatorsCanProbeAndScrapeTheNode(first);

            versionBefore = json(first, "/api/v1/machines/cnc-001").get("version").asLong();
        } finally {
            stop(first);
        }
        assertThat(ProcessHandle.of(first.cassandra().pid()).map(ProcessHandle::isAlive)).isIn(java.util.Optional.empty(),
                java.util.Optional.of(false));

        Demo.Running second = Demo.start(data, 3, 0, null);
        try {
            // The twin recovers from the journal and goes on from where the first run left it.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(json(second, "/api/v1/machines/cnc-001").get("version").asLong()).isGreaterThan(versionBefore));
        } finally {
            stop(second);
        }
    }
}
