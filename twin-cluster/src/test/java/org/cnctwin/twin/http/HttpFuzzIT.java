package org.cnctwin.twin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.BeforeAll;

/**
 * Hostile requests for every operation of the API, on RoutesITSupport's node (real twins, a real
 * Cassandra): fuzzed path segments, query parameters of the document's names with fuzzed values,
 * and bodies that are the valid ones with bytes changed or cut, or anything. No exception may
 * escape a handler (Pekko would answer 500), every refusal is a problem document, and every JSON
 * answer is what the OpenAPI document says (RoutesITSupport.run). 30 s in CI; the streams'
 * endless bodies are left to ApiAccessIT.
 */
class HttpFuzzIT extends RoutesITSupport {

    private static final List<String> PARAMETERS = List.of("limit", "offset", "health", "executionState", "from", "to", "types", "after",
            "access_token", "unknown");
    private static final List<String> VALUES = List.of("", "0", "-1", "10", "100000", "abc", "warning", "ACTIVE", "2026-12-03T10:00:00Z",
            "2026-13-40T99:00:00Z", "AlertRaised,TelemetryRecorded", "cnc-001-1", "%00", "null", "1e309");
    private static final List<String> BODIES = List.of("{\"acknowledgedBy\": \"maria\", \"note\": \"checked\"}",
            "{\"action\": \"TOOL_REPLACED\", \"toolNumber\": 2, \"performedBy\": \"jo\"}",
            "{\"profile\": \"hsm-24k\", \"material\": \"ALUMINIUM_WROUGHT\", \"tools\": {\"1\": {\"number\": 1, \"diameterMm\": 10, \"teeth\": 3, "
                    + "\"material\": \"COATED_CARBIDE\", \"description\": \"end mill\"}}}",
            "{\"type\": \"ClearFault\", \"fault\": \"TOOL_BREAKAGE\"}",
            "{\"type\": \"InjectFault\", \"fault\": \"BEARING_OUTER_RACE\", \"severity\": 0.5}");

    @BeforeAll
    static void startNode() throws Exception {
        startNode("http_fuzz_it");
    }

    @FuzzTest(maxDuration = "30s")
    void noRequestMakesAHandlerFail(FuzzedDataProvider data) throws Exception {
        List<OpenApiRouter.Operation> operations = OpenApiRouter.operations().stream()
                .filter(operation -> !operation.operationId().startsWith("stream")).toList();
        OpenApiRouter.Operation operation = data.pickValue(operations);
        String machineId = data.consumeBoolean() ? "cnc-001" : segment(data);
        String alertId = data.consumeBoolean() ? "cnc-001-1" : segment(data);
        StringBuilder uri = new StringBuilder(operation.pathTemplate().replace("{machineId}", machineId).replace("{alertId}", alertId));
        int parameters = data.consumeInt(0, 4);
        for (int i = 0; i < parameters; i++) {
            String value = data.consumeBoolean() ? data.pickValue(VALUES) : data.consumeString(24);
            uri.append(i == 0 ? '?' : '&').append(data.pickValue(PARAMETERS)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        HttpRequest request = HttpRequest.create(uri.toString()).withMethod(operation.method());
        if (data.consumeBoolean()) {
            request = request.withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body(data)));
        }

        TestRouteResult result;
        try {
            result = run(open.routes(), request);
        } catch (AssertionError contractBroken) {
            throw new AssertionError(operation.method().value() + " " + uri + ": " + contractBroken.getMessage(), contractBroken);
        }

        int status = result.response().status().intValue();
        assertThat(status).as("%s %s", operation.method().value(), uri).isLessThan(500);
        if (status >= 400) {
            assertThat(result.response().entity().getContentType().mediaType().toString()).isEqualTo("application/problem+json");
        }
    }

    /** A path segment the fuzzer chose, encoded as a client would send it. */
    private static String segment(FuzzedDataProvider data) {
        String text = data.consumeString(40);
        return text.isEmpty() ? "x" : URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String body(FuzzedDataProvider data) {
        if (!data.consumeBoolean()) {
            return data.consumeString(512);
        }
        StringBuilder text = new StringBuilder(data.pickValue(BODIES));
        int edits = data.consumeInt(0, 3);
        for (int i = 0; i < edits && text.length() > 0; i++) {
            int at = data.consumeInt(0, text.length() - 1);
            if (data.consumeBoolean()) {
                text.setCharAt(at, data.consumeChar());
            } else {
                text.delete(at, Math.min(text.length(), at + data.consumeInt(1, 20)));
            }
        }
        return text.toString();
    }
}
