package org.cnctwin.twin.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.Authorization;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.cnctwin.protocol.Severity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may do what: every operation of the OpenAPI document without credentials, with a reader's
 * token and with an operator's, as its {@code x-role} says.
 */
class ApiAccessIT extends RoutesITSupport {

    @BeforeAll
    static void startNode() throws Exception {
        startNode("access_it");
    }

    @Test
    void readersMayReadAndOperatorsMayAlsoWrite() throws Exception {
        TestRouteResult anonymous = run(withTokens.routes(), HttpRequest.GET("/api/v1/machines"));
        problem(anonymous, 401);
        assertThat(anonymous.response().getHeader("WWW-Authenticate").map(header -> header.value())).hasValue("Bearer realm=\"cnc-twin\"");
        assertThat(problem(run(withTokens.routes(), HttpRequest.GET("/api/v1/machines").addHeader(Authorization.oauth2("guess"))), 401)
                .get("detail").asText()).isEqualTo("the bearer token is not valid");
        run(withTokens.routes(), HttpRequest.GET("/api/v1/machines").addHeader(Authorization.oauth2("read-token"))).assertStatusCode(200);
        run(withTokens.routes(), HttpRequest.GET("/api/v1/machines/cnc-001?access_token=read-token")).assertStatusCode(200);
        // The document itself is public: clients read it to learn how to authenticate.
        run(withTokens.routes(), HttpRequest.GET("/api/v1/openapi.json")).assertStatusCode(200);

        String fault = "{\"type\": \"ClearFault\", \"fault\": \"TOOL_BREAKAGE\"}";
        assertThat(problem(run(withTokens.routes(), post("/api/v1/machines/cnc-001/faults", fault).addHeader(Authorization.oauth2("read-token"))), 403)
                .get("detail").asText()).isEqualTo("this needs the operator role; the token has reader");
        run(withTokens.routes(), post("/api/v1/machines/cnc-001/faults", fault).addHeader(Authorization.oauth2("op-token"))).assertStatusCode(202);
        run(withTokens.routes(), HttpRequest.GET("/api/v1/machines").addHeader(Authorization.oauth2("op-token"))).assertStatusCode(200);
    }

    /** A request for {@code operation} that its handler accepts: real path parameters, a valid body. */
    private static HttpRequest validRequest(OpenApiRouter.Operation operation, String machineId, String alertId) {
        String uri = operation.pathTemplate().replace("{machineId}", machineId).replace("{alertId}", alertId);
        String body = switch (operation.operationId()) {
            case "acknowledgeAlert" -> "{\"acknowledgedBy\": \"maria\", \"note\": \"checked\"}";
            case "recordMaintenance" -> "{\"action\": \"TOOL_REPLACED\", \"toolNumber\": 2, \"performedBy\": \"jo\"}";
            case "configureMachine" -> """
                    {"profile": "hsm-24k", "material": "ALUMINIUM_WROUGHT",
                     "tools": {"1": {"number": 1, "diameterMm": 10, "teeth": 3, "material": "COATED_CARBIDE", "description": "end mill"}}}""";
            case "sendFault" -> "{\"type\": \"ClearFault\", \"fault\": \"TOOL_BREAKAGE\"}";
            default -> null;
        };
        HttpRequest request = HttpRequest.create(uri).withMethod(operation.method());
        return body == null ? request : request.withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body));
    }

    /** An endless stream's status over a real connection: the headers arrive, then the body is closed unread. */
    private static int streamStatus(ServerBinding server, String path, String token) throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.localAddress().getPort() + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        return response.statusCode();
    }

    @Test
    void everyOperationAnswersAsItsRoleSays() throws Exception {
        String machineId = machine("access-1");
        raise(machineId, "SPINDLE_TEMPERATURE", Severity.WARNING);
        String alertId = state(machineId).activeAlerts().keySet().iterator().next();
        int sentBefore = SENT.size();
        ServerBinding server = Http.get(node).newServerAt("127.0.0.1", 0).bind(withTokens.routes()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        for (OpenApiRouter.Operation operation : OpenApiRouter.operations()) {
            HttpRequest request = validRequest(operation, machineId, alertId);
            boolean endless = operation.operationId().startsWith("stream");
            boolean write = operation.role().equals("operator");
            int anonymous = run(withTokens.routes(), request).response().status().intValue();
            int reader = endless ? -1 : run(withTokens.routes(), request.addHeader(Authorization.oauth2("read-token"))).response().status().intValue();
            if (operation.role().equals("public")) {
                assertThat(anonymous).as("%s without a token", operation.operationId()).isEqualTo(200);
                continue;
            }
            assertThat(anonymous).as("%s without a token", operation.operationId()).isEqualTo(401);
            if (write) {
                assertThat(reader).as("%s with a reader's token", operation.operationId()).isEqualTo(403);
            } else if (!endless) {
                assertThat(reader).as("%s with a reader's token", operation.operationId()).isEqualTo(200);
            }
            if (endless) {
                for (String token : new String[] {"read-token", "op-token"}) {
                    assertThat(streamStatus(server, request.getUri().toString(), token)).as("%s with %s", operation.operationId(), token).isEqualTo(200);
                }
            } else {
                TestRouteResult operator = run(withTokens.routes(), request.addHeader(Authorization.oauth2("op-token")));
                assertThat(operator.response().status().intValue()).as("%s with an operator's token", operation.operationId()).isBetween(200, 299);
            }
        }
        server.unbind();
        assertThat(SENT).as("the operator's fault reached the command sender, the reader's did not").hasSize(sentBefore + 1);
    }
}
