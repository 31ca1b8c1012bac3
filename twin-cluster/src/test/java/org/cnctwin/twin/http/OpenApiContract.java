package org.cnctwin.twin.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the API answers, checked against what its OpenAPI document says it answers: the response
 * schema of an operation and status (OpenAPI 3.1 schemas are JSON Schema 2020-12), or a named
 * schema of the document's components (the data of stream events). The API's objects are closed
 * there ({@code additionalProperties: false}), so a field the document does not know fails too.
 */
public final class OpenApiContract {

    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig ASSERT_FORMATS = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private static final Map<String, JsonSchema> COMPILED = new ConcurrentHashMap<>();

    private OpenApiContract() {}

    /** Fails when {@code body} is not what {@code operationId} documents for {@code status}. */
    public static void assertResponse(String operationId, int status, String body) throws Exception {
        JsonNode schema = responseSchema(operationId, status);
        JsonNode json = Responses.JSON.readTree(body);
        assertThat(compiled(operationId + " " + status, schema).validate(json)).as("%s %d answered %s", operationId, status, body).isEmpty();
    }

    /** Fails when {@code json} is not an instance of the document's component schema {@code name}. */
    public static void assertSchema(String name, JsonNode json) {
        JsonNode schema = Responses.JSON.createObjectNode().put("$ref", "#/components/schemas/" + name);
        assertThat(compiled(name, schema).validate(json)).as("%s: %s", name, json).isEmpty();
    }

    private static JsonNode responseSchema(String operationId, int status) {
        for (OpenApiRouter.Operation operation : OpenApiRouter.operations()) {
            if (operation.operationId().equals(operationId)) {
                JsonNode response = OpenApiRouter.OPENAPI.at("/paths/" + operation.pathTemplate().replace("~", "~0").replace("/", "~1") + "/"
                        + operation.method().name().toLowerCase(java.util.Locale.ROOT) + "/responses/" + status);
                assertThat(response.isMissingNode()).as("%s documents no response %d", operationId, status).isFalse();
                if (response.has("$ref")) {
                    response = OpenApiRouter.OPENAPI.at(response.get("$ref").asText().substring(1));
                }
                JsonNode content = response.path("content");
                JsonNode media = content.has("application/json") ? content.get("application/json") : content.path("application/problem+json");
                assertThat(media.has("schema")).as("%s %d documents no JSON body", operationId, status).isTrue();
                return media.get("schema");
            }
        }
        throw new AssertionError("openapi.json has no operation " + operationId);
    }

    /** The schema with the document's components beside it, so its references resolve. */
    private static JsonSchema compiled(String key, JsonNode schema) {
        return COMPILED.computeIfAbsent(key, any -> {
            ObjectNode document = Responses.JSON.createObjectNode().put("$schema", "https://json-schema.org/draft/2020-12/schema");
            document.set("components", OpenApiRouter.OPENAPI.get("components"));
            document.putArray("allOf").add(schema);
            return SCHEMAS.getSchema(document, ASSERT_FORMATS);
        });
    }
}
