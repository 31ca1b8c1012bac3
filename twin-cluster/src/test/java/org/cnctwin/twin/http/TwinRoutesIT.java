package org.cnctwin.twin.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.cnctwin.protocol.ExecutionState;
import org.cnctwin.protocol.FaultType;
import org.cnctwin.protocol.MachineCommand;
import org.cnctwin.protocol.MaintenanceAction;
import org.cnctwin.protocol.Severity;
import org.cnctwin.twin.metrics.TwinMetrics;
import org.cnctwin.twin.testing.TestNodes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the API through Pekko's route testkit, on RoutesITSupport's node: answers,
 * errors as problem documents, paging, filters, and every JSON answer checked against the OpenAPI
 * document. Who may call what is ApiAccessIT's; the MQTT path of {@code /faults} is exercised
 * against a real broker by DemoIT.
 */
class TwinRoutesIT extends RoutesITSupport {

    @BeforeAll
    static void startNode() throws Exception {
        startNode("routes_it");
    }

    // ================================================================ the document is the router

    @Test
    void everyDocumentedOperationAnswersAndNothingElseDoes() throws Exception {
        List<OpenApiRouter.Operation> operations = OpenApiRouter.operations();
        assertThat(operations).extracting(OpenApiRouter.Operation::operationId).containsExactlyInAnyOrder("getOpenApi", "listMachines", "getMachine",
                "getMachineHistory", "streamMachine", "streamFleet", "acknowledgeAlert", "recordMaintenance", "configureMachine", "sendFault");
        for (OpenApiRouter.Operation operation : operations) {
            if (operation.operationId().startsWith("stream")) {
                continue; // endless: followed over a real connection in streamsFollowTheTwinAndTheFleet
            }
            String uri = operation.pathTemplate().replace("{machineId}", "cnc-001").replace("{alertId}", "cnc-001-999");
            TestRouteResult result = run(open.routes(), HttpRequest.create(uri).withMethod(operation.method())
                    .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, "{}")));
            // Answered by its handler: a success, or the handler's own validation, never the router's 404/405.
            assertThat(result.response().status().intValue()).as(operation.toString()).isNotEqualTo(405);
            if (result.response().status().intValue() == 404) {
                assertThat(json(result).get("title").asText()).as(operation.toString()).isNotEqualTo("not found");
            }
        }
        JsonNode unknownPath = problem(run(open.routes(), HttpRequest.GET("/api/v1/machinez")), 404);
        assertThat(unknownPath.get("detail").asText()).contains("/api/v1/machinez").contains("openapi.json");
        TestRouteResult wrongMethod = run(open.routes(), HttpRequest.DELETE("/api/v1/machines/cnc-001"));
        problem(wrongMethod, 405);
        assertThat(wrongMethod.response().getHeader("Allow").map(header -> header.value())).hasValue("GET");
    }

    @Test
    void theDocumentIsServedAndItsEnumsAreTheProtocols() throws Exception {
        JsonNode served = json(run(open.routes(), HttpRequest.GET("/api/v1/openapi.json")).assertStatusCode(200));
        assertThat(served.get("openapi").asText()).isEqualTo("3.1.0");
        JsonNode schemas = served.at("/components/schemas");
        assertThat(names(schemas.at("/ExecutionState/enum"))).isEqualTo(names(ExecutionState.values()));
        assertThat(names(schemas.at("/FaultCommand/properties/fault/enum"))).isEqualTo(names(FaultType.values()));
        assertThat(names(schemas.at("/Maintenance/properties/action/enum"))).isEqualTo(names(MaintenanceAction.values()));
    }

    private static Set<String> names(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
    }

    // ================================================================ reading

    @Test
    void theFleetIsPagedAndFilteredFromTheFleetView() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(json(run(open.routes(),
                HttpRequest.GET("/api/v1/machines?health=warning"))).get("machines")).extracting(machine -> machine.get("machineId").asText())
                .contains("cnc-002"));
        JsonNode all = json(run(open.routes(), HttpRequest.GET("/api/v1/machines?limit=1000")).assertStatusCode(200));
        List<String> ids = new java.util.ArrayList<>();
        all.get("machines").forEach(machine -> ids.add(machine.get("machineId").asText()));
        assertThat(ids).as("in machine-id order, every test's machines among them").isSorted().contains("cnc-001", "cnc-002", "cnc-003");
        JsonNode page = json(run(open.routes(), HttpRequest.GET("/api/v1/machines?offset=1&limit=1")).assertStatusCode(200));
        assertThat(page.get("total").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(page.get("machines")).hasSize(1);
        String second = page.at("/machines/0/machineId").asText();
        assertThat(ids.indexOf(second)).as("the page after the first machine").isEqualTo(1);
        JsonNode cnc002 = all.get("machines").get(ids.indexOf("cnc-002"));
        assertThat(cnc002.get("executionState").asText()).isEqualTo("ACTIVE");
        assertThat(cnc002.get("health").asText()).isEqualTo("warning");
        assertThat(cnc002.get("toolNumber").asInt()).isEqualTo(2);

        JsonNode warnings = json(run(open.routes(), HttpRequest.GET("/api/v1/machines?health=warning")).assertStatusCode(200));
        assertThat(warnings.get("machines")).extracting(machine -> machine.get("machineId").asText()).contains("cnc-002").doesNotContain("cnc-001");
        assertThat(warnings.get("total").asInt()).isEqualTo(warnings.get("machines").size());
        JsonNode active = json(run(open.routes(), HttpRequest.GET("/api/v1/machines?executionState=ACTIVE&limit=2")).assertStatusCode(200));
        assertThat(active.get("machines")).hasSize(2);
        assertThat(json(run(open.routes(), HttpRequest.GET("/api/v1/machines?executionState=READY"))).get("total").asInt()).isZero();

        assertThat(problem(run(open.routes(), HttpRequest.GET("/api/v1/machines?limit=0")), 400).get("field").asText()).isEqualTo("limit");
        assertThat(problem(run(open.routes(), HttpRequest.GET("/api/v1/machines?offset=x")), 400).get("detail").asText())
                .isEqualTo("offset: expected a whole number, was \"x\"");
        assertThat(problem(run(open.routes(), HttpRequest.GET("/api/v1/machines?health=sick")), 400).get("field").asText()).isEqualTo("health");
        assertThat(problem(run(open.routes(), HttpRequest.GET("/api/v1/machines?executionState=RUN")), 400).get("detail").asText())
                .startsWith("executionState: expected one of [READY, ACTIVE");
        assertThat(problem(run(open.routes(), HttpRequest.GET("/api/v1/machines?offset=9950&limit=100")), 400).get("detail").asText())
                .isEqualTo("offset: expected offset + limit of at most 10000 (narrow the fleet with health or executionState), was 9950 + 100");
    }

    @Test
    void aFleetRequestAsksNoTwin() throws Exception {
        TwinMetrics metrics = TwinMetrics.get(node);
        await().atMost(Duration.ofSeconds(30)).until(() -> json(run(open.routes(), HttpRequest.GET("/api/v1/machines"))).get("total").asInt() >= 3);
        long recoveriesBefore = metrics.recoveries().count();
        // Each twin a GetTwin reaches answers from memory; what counts is that no fleet request reaches one: the view answers.
        String body = run(open.routes(), HttpRequest.GET("/api/v1/machines?health=ok&executionState=ACTIVE")).entityString();
        assertThat(Responses.JSON.readTree(body).get("machines")).isNotEmpty();
        assertThat(metrics.recoveries().count()).isEqualTo(recoveriesBefore);
        assertThat(fleetView.knows("~warm-up").toCompletableFuture().get()).as("the journal warm-up's twin is never on the read side").isFalse();
    }

    @Test
    void aTwinDocumentHasItsReportedAndEstimatedValues() throws Exception {
        JsonNode twin = json(run(open.routes(), HttpRequest.GET("/api/v1/machines/cnc-002")).assertStatusCode(200));
        assertThat(twin.get("machineId").asText()).isEqualTo("cnc-002");
        assertThat(twin.get("health").asText()).isEqualTo("warning");
        assertThat(twin.at("/reported/sequenceNumber").asLong()).isGreaterThanOrEqualTo(10);
        assertThat(twin.at("/estimate/vibrationZone").asText()).isEqualTo(state("cnc-002").estimate().vibrationZone().name());
        assertThat(twin.at("/estimate/tools/2/remainingLifeMin").isNumber()).as("tool 2 has cut: its life left").isTrue();
        assertThat(twin.has("samples")).as("the journal's bookkeeping is not the API's").isFalse();
        assertThat(twin.get("version").asLong()).isPositive();
        assertThat(twin.at("/metadata/reported/timestamp").asText()).isEqualTo(twin.at("/reported/timestamp").asText());
        String alertId = twin.get("activeAlerts").fieldNames().next();
        assertThat(twin.at("/metadata/activeAlerts/" + alertId + "/raisedAt").asText()).isEqualTo(twin.at("/activeAlerts/" + alertId + "/raisedAt").asText());

        assertThat(problem(run(open.routes(), HttpRequest.GET("/api/v1/machines/cnc-404")), 404).get("detail").asText())
                .isEqualTo("no machine cnc-404 has reported to this cluster");
        assertThat(problem(run(open.routes(), HttpRequest.GET("/api/v1/machines/bad%20id")), 400).get("field").asText()).isEqualTo("machineId");
    }

    @Test
    void theHistoryComesFromTheJournalFilteredAndPaged() throws Exception {
        String machineId = machine("history-1");
        record(machineId, 11, 20);
        record(machineId, 21, 30);
        JsonNode firstPage = json(run(open.routes(), HttpRequest.GET("/api/v1/machines/" + machineId + "/history?types=TelemetryRecorded&limit=2"))
                .assertStatusCode(200));
        assertThat(firstPage.get("events")).extracting(event -> event.get("type").asText()).containsOnly("TelemetryRecorded");
        assertThat(firstPage.at("/events/0/event/samples/0/sequenceNumber").asLong()).isEqualTo(1);
        long after = firstPage.at("/next/after").asLong();
        JsonNode secondPage = json(run(open.routes(), HttpRequest.GET("/api/v1/machines/" + machineId + "/history?types=TelemetryRecorded&after=" + after))
                .assertStatusCode(200));
        assertThat(secondPage.get("events")).hasSize(1);
        assertThat(secondPage.at("/events/0/event/samples/0/sequenceNumber").asLong()).isEqualTo(21);
        assertThat(secondPage.get("next").isNull()).isTrue();

        raise(machineId, "SPINDLE_OVERLOAD", Severity.WARNING);
        JsonNode alerts = json(run(open.routes(), HttpRequest.GET("/api/v1/machines/" + machineId + "/history?types=AlertRaised")));
        assertThat(alerts.get("events")).extracting(event -> event.at("/event/code").asText()).containsExactly("SPINDLE_OVERLOAD");

        assertThat(problem(run(open.routes(), HttpRequest.GET("/api/v1/machines/" + machineId + "/history?types=Nonsense")), 400).get("field").asText())
                .isEqualTo("types");
        assertThat(problem(run(open.routes(), HttpRequest.GET("/api/v1/machines/" + machineId + "/history?from=yesterday")), 400).get("detail").asText())
                .startsWith("from: expected an ISO 8601 instant");
    }

    @Test
    void aHistoryRequestReadsABoundedNumberOfEventsAndSaysWhereToGoOn() throws Exception {
        String machineId = machine("history-2");
        for (int batch = 0; batch < 30; batch++) {
            record(machineId, 11 + 10L * batch, 20 + 10L * batch);
        }
        // The open routes read at most 25 events a request; none of these is an alert.
        JsonNode page = json(run(open.routes(), HttpRequest.GET("/api/v1/machines/" + machineId + "/history?types=AlertRaised")).assertStatusCode(200));
        assertThat(page.get("events")).isEmpty();
        assertThat(page.at("/next/after").asLong()).isEqualTo(25);
        JsonNode rest = json(run(open.routes(), HttpRequest.GET("/api/v1/machines/" + machineId + "/history?types=AlertRaised&after=25")));
        assertThat(rest.get("next").isNull()).isTrue();
    }

    // ================================================================ writing

    @Test
    void anAlertIsAcknowledgedOnceAndAnUnknownOneIsNotFound() throws Exception {
        String machineId = machine("ack-1");
        raise(machineId, "VIBRATION_ZONE_C", Severity.WARNING);
        String alertId = state(machineId).activeAlerts().values().stream().filter(alert -> alert.code().equals("VIBRATION_ZONE_C")).findFirst()
                .orElseThrow().alertId();
        run(open.routes(), post("/api/v1/machines/ack-1/alerts/" + alertId + "/ack", "{\"acknowledgedBy\": \"maria\", \"note\": \"checked\"}"))
                .assertStatusCode(204);
        assertThat(state(machineId).activeAlerts().get(alertId).acknowledgedBy()).isEqualTo("maria");
        assertThat(problem(run(open.routes(), post("/api/v1/machines/ack-1/alerts/ack-1-999/ack", "")), 404).get("detail").asText())
                .startsWith("machine ack-1 has no active alert ack-1-999");
        assertThat(problem(run(open.routes(), post("/api/v1/machines/ack-1/alerts/" + alertId + "/ack", "{oops")), 400).get("title").asText())
                .isEqualTo("invalid JSON body");
    }

    @Test
    void maintenanceIsValidatedByTheProtocolAndResetsTheEstimate() throws Exception {
        machine("maintenance-1");
        run(open.routes(), post("/api/v1/machines/maintenance-1/maintenance", "{\"action\": \"TOOL_REPLACED\", \"toolNumber\": 2, \"performedBy\": \"jo\"}"))
                .assertStatusCode(204);
        assertThat(state("maintenance-1").estimate().tools().get(2).flankWearMm()).isZero();

        assertThat(problem(run(open.routes(), post("/api/v1/machines/maintenance-1/maintenance", "{\"action\": \"TOOL_REPLACED\", \"performedBy\": \"jo\"}")),
                400).get("field").asText()).isEqualTo("$.toolNumber");
        JsonNode badAction = problem(run(open.routes(), post("/api/v1/machines/maintenance-1/maintenance", "{\"action\": \"OILED\", \"performedBy\": \"jo\"}")),
                400);
        assertThat(badAction.get("field").asText()).isEqualTo("$.action");
        assertThat(badAction.get("detail").asText()).contains("TOOL_REPLACED");
        assertThat(problem(run(open.routes(), post("/api/v1/machines/maintenance-1/maintenance",
                "{\"action\": \"INSPECTION\", \"performedBy\": \"jo\", \"colour\": \"red\"}")), 400).get("field").asText()).isEqualTo("$.colour");
    }

    @Test
    void aConfigurationIsCheckedFieldByField() throws Exception {
        machine("config-1");
        String good = """
                {"profile": "hsm-24k", "material": "ALUMINIUM_WROUGHT",
                 "tools": {"1": {"number": 1, "diameterMm": 10, "teeth": 3, "material": "COATED_CARBIDE", "description": "end mill"}}}""";
        HttpRequest put = HttpRequest.PUT("/api/v1/machines/config-1/config").withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, good));
        run(open.routes(), put).assertStatusCode(204);
        assertThat(state("config-1").configuration().profile()).isEqualTo("hsm-24k");

        JsonNode badTeeth = problem(run(open.routes(), put.withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON,
                good.replace("\"teeth\": 3", "\"teeth\": 0")))), 400);
        assertThat(badTeeth.get("detail").asText()).contains("tools.1.teeth: expected 1 to 60, was 0");
        JsonNode badProfile = problem(run(open.routes(), put.withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON,
                good.replace("hsm-24k", "lathe")))), 400);
        assertThat(badProfile.get("detail").asText()).contains("machine profile must be vmc-3axis, hsm-24k or hmc-500, was \"lathe\"");
        JsonNode badMaterial = problem(run(open.routes(), put.withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON,
                good.replace("ALUMINIUM_WROUGHT", "CHEESE")))), 400);
        assertThat(badMaterial.get("field").asText()).isEqualTo("$.material");
        assertThat(state("config-1").configuration().profile()).as("nothing accepted is lost").isEqualTo("hsm-24k");
    }

    @Test
    void aFaultCommandIsValidatedAndSentToTheMachine() throws Exception {
        JsonNode sent = json(run(open.routes(), post("/api/v1/machines/cnc-001/faults",
                "{\"type\": \"InjectFault\", \"fault\": \"TOOL_BREAKAGE\", \"severity\": 1}")).assertStatusCode(202));
        assertThat(sent.get("topic").asText()).isEqualTo("cnc/cnc-001/commands");
        MachineCommand command = SENT.stream().filter(each -> each.commandId().equals(sent.get("commandId").asText())).findFirst().orElseThrow();
        assertThat(command.machineId()).isEqualTo("cnc-001");
        assertThat(command.action()).isEqualTo(new MachineCommand.InjectFault(FaultType.TOOL_BREAKAGE, 1, 0));

        assertThat(problem(run(open.routes(), post("/api/v1/machines/cnc-001/faults", "{\"type\": \"InjectFault\", \"fault\": \"GREMLINS\", "
                + "\"severity\": 1}")), 400).get("field").asText()).isEqualTo("$.fault");
        assertThat(problem(run(open.routes(), post("/api/v1/machines/cnc-001/faults", "{\"type\": \"InjectFault\", \"fault\": \"TOOL_BREAKAGE\", "
                + "\"severity\": 3}")), 400).get("field").asText()).isEqualTo("$.severity");
        assertThat(problem(run(open.routes(), post("/api/v1/machines/cnc-001/faults", "{\"type\": \"StartProgram\", \"programName\": \"O1\", "
                + "\"cycles\": 1}")), 400).get("detail").asText()).isEqualTo("$.type: expected InjectFault or ClearFault, was StartProgram");
        problem(run(open.routes(), post("/api/v1/machines/cnc-404/faults", "{\"type\": \"ClearFault\", \"fault\": \"TOOL_BREAKAGE\"}")), 404);
    }

    @Test
    void aBodyBeyondTheLimitIsRefused() throws Exception {
        String huge = "{\"note\": \"" + "x".repeat(100_000) + "\"}";
        problem(run(open.routes(), post("/api/v1/machines/cnc-001/alerts/cnc-001-1/ack", huge)), 413);
    }

    @Test
    void theMetricsAreInPrometheusTextFormat() throws Exception {
        String metrics = run(open.routes(), HttpRequest.GET("/metrics")).assertStatusCode(200).entityString();
        assertThat(metrics).contains("# TYPE cnc_twins_active gauge").contains("cnc_alerts_raised_total{severity=\"warning\"}")
                .contains("jvm_memory_used_bytes");
        assertThat(sampleValue(metrics, "cnc_twins_active ")).isGreaterThanOrEqualTo(3);
        // every twin that started has recovered, and the histogram counts each once
        assertThat(sampleValue(metrics, "cnc_twin_recovery_seconds_count ")).isGreaterThanOrEqualTo(3);
    }

    private static double sampleValue(String metrics, String prefix) {
        return Double.parseDouble(metrics.lines().filter(line -> line.startsWith(prefix)).findFirst().orElseThrow().split(" ")[1]);
    }

    @Test
    void thePageAndEverythingItLoadsAreServed() throws Exception {
        String page = run(open.routes(), HttpRequest.GET("/")).assertStatusCode(200).entityString();
        assertThat(page).contains("<title>CNC fleet twin</title>");
        List<String> assets = java.util.regex.Pattern.compile("(?:src|href)=\"(/webjars/[^\"]+)\"").matcher(page).results()
                .map(match -> match.group(1)).toList();
        assertThat(assets).as("the chart library's script and style").hasSize(2);
        for (String asset : assets) {
            assertThat(run(open.routes(), HttpRequest.GET(asset)).assertStatusCode(200).entityString()).isNotEmpty();
        }
    }

    // ================================================================ streams

    @Test
    void streamsFollowTheTwinAndTheFleet() throws Exception {
        org.apache.pekko.http.javadsl.ServerBinding binding = org.apache.pekko.http.javadsl.Http.get(node).newServerAt("127.0.0.1", 0)
                .bind(open.routes()).toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        machine("stream-1");
        String base = "http://127.0.0.1:" + binding.localAddress().getPort();
        try (SseClient machine = new SseClient(base + "/api/v1/machines/stream-1/stream");
             SseClient fleet = new SseClient(base + "/api/v1/fleet/stream")) {
            fleet.next("open");
            JsonNode first = machine.next("twin");
            assertThat(first.get("changes")).isEmpty();
            OpenApiContract.assertSchema("StreamedTwin", first);
            long version = first.at("/twin/version").asLong();

            record("stream-1", 101, 110);
            JsonNode changed = machine.next("twin");
            assertThat(changed.get("changes")).extracting(JsonNode::asText).containsExactly("TelemetryRecorded");
            assertThat(changed.at("/twin/reported/sequenceNumber").asLong()).isEqualTo(110);
            assertThat(changed.at("/twin/version").asLong()).isGreaterThan(version);

            raise("stream-1", "VIBRATION_ZONE_D", Severity.CRITICAL);
            assertThat(machine.next("twin").get("changes")).extracting(JsonNode::asText).containsExactly("AlertRaised");
            // Once the fleet view has it; other tests' machines' changes may come first, the projection being a few seconds behind.
            JsonNode alert = fleet.next("fleet", Duration.ofSeconds(30));
            while (!alert.get("machineId").asText().equals("stream-1")) {
                alert = fleet.next("fleet", Duration.ofSeconds(30));
            }
            assertThat(alert.get("machineId").asText()).isEqualTo("stream-1");
            assertThat(alert.get("change").asText()).isEqualTo("AlertRaised");
            assertThat(alert.get("health").asText()).isEqualTo("critical");
            assertThat(alert.at("/alert/code").asText()).isEqualTo("VIBRATION_ZONE_D");
            OpenApiContract.assertSchema("FleetChange", alert);

            String metrics = run(open.routes(), HttpRequest.GET("/metrics")).entityString();
            assertThat(metrics).contains("cnc_sse_clients{stream=\"machine\"} 1").contains("cnc_sse_clients{stream=\"fleet\"} 1");
        } finally {
            binding.unbind();
        }
    }
}
