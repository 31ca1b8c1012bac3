package org.cnctwin.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case of {@code corpus/cases.json} through the Java codec and the published JSON
 * Schema and requires them to agree; invalid cases must fail with exactly the expected path and
 * reason. The description in cases.json explains the edits a case can make to an example.
 */
class CorpusAgreementTest {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final ProtocolCodec CODEC = new ProtocolCodec(CodecLimits.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC));
    // RFC 8259: a JSON text is one value, so trailing content is not JSON.
    static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    static final String SCHEMA_BASE = "https://schemas.cnctwin.org/v1/";

    static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(SCHEMA_BASE, "classpath:schema/")));
    static final SchemaValidatorsConfig ASSERT_FORMATS = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    /** A message kind: its channel, its schema file and the codec's decoder for it. */
    enum Kind {
        TELEMETRY("telemetry-batch", Topics.Channel.TELEMETRY, CODEC::decodeTelemetry),
        EVENT("machine-event", Topics.Channel.EVENTS, CODEC::decodeEvent),
        COMMAND("machine-command", Topics.Channel.COMMANDS, CODEC::decodeCommand),
        ALERT("alert", Topics.Channel.ALERTS, CODEC::decodeAlert);

        final String fileStem;
        final Topics.Channel channel;
        final BiFunction<String, byte[], Decoded<?>> decoder;
        final JsonSchema schema;

        Kind(String fileStem, Topics.Channel channel, BiFunction<String, byte[], Decoded<?>> decoder) {
            this.fileStem = fileStem;
            this.channel = channel;
            this.decoder = decoder;
            this.schema = SCHEMAS.getSchema(SchemaLocation.of(SCHEMA_BASE + fileStem + ".schema.json"), ASSERT_FORMATS);
        }

        static Kind of(JsonNode testCase) {
            String stem = testCase.path("kind").isMissingNode() ? testCase.get("example").asText() : testCase.get("kind").asText();
            for (Kind kind : values()) {
                if (stem.startsWith(kind.fileStem) || stem.equalsIgnoreCase(kind.name())) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("no message kind for case " + testCase);
        }
    }

    static Stream<Arguments> cases() throws IOException {
        JsonNode corpus = JSON.readTree(resource("corpus/cases.json"));
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode testCase : corpus.get("cases")) {
            cases.add(Arguments.of(Named.of(testCase.get("name").asText(), testCase)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void codecAndSchemaAgree(JsonNode testCase) throws IOException {
        Kind kind = Kind.of(testCase);
        byte[] payload = payloadOf(testCase);
        String topic = testCase.has("topic") ? testCase.get("topic").asText() : Topics.of(machineIdOf(testCase), kind.channel);
        boolean expectValid = !testCase.has("path");

        Set<ValidationMessage> schemaErrors = schemaErrors(kind, payload);
        if (expectValid) {
            Decoded<?> decoded = kind.decoder.apply(topic, payload);
            assertThat(decoded.message()).isNotNull();
            assertThat(decoded.unknownFieldPaths()).containsExactlyInAnyOrderElementsOf(textList(testCase.path("unknownFields")));
            assertThat(schemaErrors).as("schema errors for a message the codec accepts").isEmpty();
            return;
        }
        InvalidMessageException rejection = catchThrowableOfType(InvalidMessageException.class, () -> kind.decoder.apply(topic, payload));
        assertThat(rejection).as("the codec must refuse this message").isNotNull();
        assertThat(rejection.path()).isEqualTo(testCase.get("path").asText());
        assertThat(rejection.reason()).isEqualTo(testCase.get("reason").asText());
        if (testCase.has("schemaCannotExpress")) {
            assertThat(schemaErrors).as("the schema cannot express " + testCase.get("schemaCannotExpress").asText()
                    + ", so it accepts what the codec refuses").isEmpty();
        } else {
            assertThat(schemaErrors).as("the schema must refuse what the codec refuses").isNotEmpty();
        }
    }

    @Test
    void everyExampleIsInTheCorpus() throws IOException {
        JsonNode corpus = JSON.readTree(resource("corpus/cases.json"));
        Set<String> used = new java.util.HashSet<>();
        corpus.get("cases").forEach(c -> used.add(c.get("example").asText()));
        assertThat(used).contains("telemetry-batch.json", "telemetry-batch-hmc.json", "machine-event-tool-changed.json",
                "machine-event-maintenance.json", "machine-command-inject-fault.json", "alert-raised.json");
    }

    @Test
    void deadLetterMatchesItsSchema() throws IOException {
        byte[] original = "{\"schemaVersion\":1,".getBytes(StandardCharsets.UTF_8);
        InvalidMessageException problem = catchThrowableOfType(InvalidMessageException.class,
                () -> CODEC.decodeTelemetry("cnc/vmc-01/telemetry", original));
        byte[] deadLetter = CODEC.encode(DeadLetter.of("cnc/vmc-01/telemetry", NOW, problem, original));

        JsonSchema schema = SCHEMAS.getSchema(SchemaLocation.of(SCHEMA_BASE + "dead-letter.schema.json"), ASSERT_FORMATS);
        JsonNode tree = JSON.readTree(deadLetter);
        assertThat(schema.validate(tree)).isEmpty();
        assertThat(tree.get("reason").asText()).startsWith("malformed JSON");
        assertThat(java.util.Base64.getDecoder().decode(tree.get("payloadBase64").asText())).isEqualTo(original);
    }

    @Test
    void schemaFailsOnAMessageItMustRefuse() {
        // Guards the agreement test itself: a broken schema mapping would make every message "valid".
        assertThatThrownBy(() -> assertThat(schemaErrors(Kind.TELEMETRY, "{}".getBytes(StandardCharsets.UTF_8))).isEmpty())
                .isInstanceOf(AssertionError.class);
    }

    private static Set<ValidationMessage> schemaErrors(Kind kind, byte[] payload) {
        JsonNode tree;
        try {
            tree = JSON.readTree(payload); // a plain parser: what a device maker's tooling sees
        } catch (IOException e) {
            return Set.of(ValidationMessage.builder().message("not JSON: " + e.getMessage()).build());
        }
        if (tree == null || tree.isMissingNode()) {
            return Set.of(ValidationMessage.builder().message("empty").build());
        }
        return kind.schema.validate(tree);
    }

    private static String machineIdOf(JsonNode testCase) throws IOException {
        return JSON.readTree(resource("corpus/examples/" + testCase.get("example").asText())).get("machineId").asText();
    }

    private static byte[] payloadOf(JsonNode testCase) throws IOException {
        String text = new String(resource("corpus/examples/" + testCase.get("example").asText()), StandardCharsets.UTF_8);
        if (testCase.has("samplesCount") || testCase.has("remove") || testCase.has("set")) {
            JsonNode tree = JSON.readTree(text);
            if (testCase.has("samplesCount")) {
                repeatFirstSample((ArrayNode) tree.get("samples"), testCase.get("samplesCount").asInt());
            }
            for (String pointer : textList(testCase.path("remove"))) {
                JsonPointer at = JsonPointer.compile(pointer);
                ((ObjectNode) tree.at(at.head())).remove(at.last().getMatchingProperty());
            }
            for (Map.Entry<String, JsonNode> edit : testCase.path("set").properties()) {
                set(tree, JsonPointer.compile(edit.getKey()), expand(edit.getValue()));
            }
            text = JSON.writeValueAsString(tree); // compact, as devices send it
        }
        if (testCase.has("replaceText")) {
            String from = testCase.get("replaceText").get(0).asText();
            assertThat(text).as("replaceText must find its text").contains(from);
            text = text.replace(from, testCase.get("replaceText").get(1).asText());
        }
        text += testCase.path("appendText").asText("");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (testCase.has("truncateAtByte")) {
            bytes = java.util.Arrays.copyOf(bytes, testCase.get("truncateAtByte").asInt());
        }
        return bytes;
    }

    private static void repeatFirstSample(ArrayNode samples, int count) {
        ObjectNode first = (ObjectNode) samples.get(0);
        samples.removeAll();
        for (int i = 0; i < count; i++) {
            ObjectNode copy = first.deepCopy();
            copy.put("sequenceNumber", first.get("sequenceNumber").asLong() + i);
            samples.add(copy);
        }
    }

    private static void set(JsonNode tree, JsonPointer at, JsonNode value) {
        ContainerNode<?> parent = (ContainerNode<?>) tree.at(at.head());
        if (parent instanceof ArrayNode array) {
            array.set(at.last().getMatchingIndex(), value);
        } else {
            ((ObjectNode) parent).set(at.last().getMatchingProperty(), value);
        }
    }

    /** {@code "@repeat:x:N"} stands for N times x, so the corpus can hold long values without holding them. */
    private static JsonNode expand(JsonNode value) {
        if (value.isTextual() && value.asText().startsWith("@repeat:")) {
            String[] parts = value.asText().split(":");
            return JSON.getNodeFactory().textNode(parts[1].repeat(Integer.parseInt(parts[2])));
        }
        return value;
    }

    private static List<String> textList(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    static byte[] resource(String name) {
        try (InputStream in = CorpusAgreementTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
