package org.cnctwin.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Hostile messages for the decoders the ingest and the API use: arbitrary topics and bytes, and
 * the corpus's valid examples with bytes changed, cut or spliced. The one exception allowed out is
 * {@link InvalidMessageException}, and it names the place (a JSON path, or "topic") and what was
 * expected. A message for another machine than its topic's is refused, never decoded. Fuzzes for
 * 30 s in CI ({@code JAZZER_FUZZ=1}); without it, only the seeds run.
 */
class ProtocolFuzzIT {

    private static final ProtocolCodec CODEC = new ProtocolCodec();
    private static final List<String> EXAMPLES = examples();
    private static final Topics.Channel[] CHANNELS = Topics.Channel.values();

    private static List<String> examples() {
        try (var files = Files.list(Path.of("src/test/resources/corpus/examples"))) {
            return files.sorted().map(file -> {
                try {
                    return Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void decodersRefuseHostileMessagesOnlyWithANamedReason(FuzzedDataProvider data) {
        int decoder = data.consumeInt(0, CHANNELS.length + 1); // a channel's, or the API's maintenance and fault bodies
        Topics.Channel channel = CHANNELS[Math.min(decoder, CHANNELS.length - 1)];
        String machineId = data.consumeBoolean() ? "cnc-001" : data.consumeString(24);
        String topic = data.consumeBoolean() ? "cnc/" + machineId + "/" + channel.segment() : data.consumeString(64);
        byte[] payload = data.consumeBoolean() ? mutatedExample(data) : data.consumeRemainingAsBytes();
        try {
            Object decoded = switch (decoder) {
                case 0 -> CODEC.decodeTelemetry(topic, payload).message();
                case 1 -> CODEC.decodeEvent(topic, payload).message();
                case 2 -> CODEC.decodeCommand(topic, payload).message();
                case 3 -> CODEC.decodeAlert(topic, payload).message();
                case 4 -> CODEC.decodeMaintenance(payload);
                default -> CODEC.decodeAction(payload);
            };
            assertThat(decoded).isNotNull();
            if (decoded instanceof TelemetryBatch batch) {
                assertThat(topic).as("a batch is decoded only on its own machine's topic").isEqualTo(Topics.telemetry(batch.machineId()));
            }
        } catch (InvalidMessageException refused) {
            assertThat(refused.path()).as("the refusal names where").isNotBlank();
            assertThat(refused.getMessage()).as("and what was expected").isNotBlank();
        }
    }

    /** A valid example with a few bytes replaced, a span cut out or another example's text spliced in. */
    private static byte[] mutatedExample(FuzzedDataProvider data) {
        StringBuilder text = new StringBuilder(data.pickValue(EXAMPLES));
        int edits = data.consumeInt(0, 4);
        for (int i = 0; i < edits && text.length() > 0; i++) {
            int at = data.consumeInt(0, text.length() - 1);
            switch (data.consumeInt(0, 2)) {
                case 0 -> text.setCharAt(at, data.consumeChar());
                case 1 -> text.delete(at, Math.min(text.length(), at + data.consumeInt(1, 40)));
                default -> text.insert(at, data.consumeString(16));
            }
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
