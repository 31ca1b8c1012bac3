package org.cnctwin.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The JSON form of every message, strict where it matters: required fields, types, ranges, no
 * NaN or Infinity, sane timestamps, bounded sizes, and the topic's machine id equal to the
 * payload's. Each rejection is an {@link InvalidMessageException} naming the JSONPath and the
 * reason; unknown fields are tolerated and reported in {@link Decoded}. The published JSON
 * Schemas ({@code schema/*.schema.json}) describe the same rules for device makers.
 *
 * <p>Thread-safe; create one and share it.
 */
public final class ProtocolCodec {

    /** The schema version this build writes and the newest it reads. */
    public static final int SCHEMA_VERSION = 1;

    /** Timestamps before this are a device whose clock was never set. */
    public static final Instant EARLIEST_TIMESTAMP = Instant.parse("2000-01-01T00:00:00Z");

    static final double MAX_SPINDLE_SPEED_RPM = 100_000;
    static final double MAX_SPINDLE_LOAD_PERCENT = 1_000;
    static final double MAX_SPINDLE_POWER_KW = 1_000;
    static final double MIN_TEMP_C = -50;
    static final double MAX_TEMP_C = 300;
    static final double MAX_VIBRATION_RMS_MM_PER_S = 1_000;
    static final double MAX_ABS_POSITION = 100_000;
    static final double MAX_FEED_MM_PER_MIN = 200_000;
    static final int MAX_TOOL_NUMBER = 9_999;
    static final int MAX_ACTIVE_ALARMS = 32;
    static final int MAX_NAME_CHARS = 128;
    static final int MAX_MESSAGE_CHARS = 512;
    static final int MAX_NOTE_CHARS = 1_024;
    static final int MAX_EVIDENCE = 16;

    static final Pattern ALARM_CODE = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    static final String ALARM_CODE_RULE = "1-32 characters of A-Z a-z 0-9 . _ -";
    static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final String MESSAGE_ID_RULE = "1-64 characters of A-Z a-z 0-9 _ -";
    static final Pattern DETECTOR_SOURCE = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    static final String DETECTOR_SOURCE_RULE = "1-32 characters of a-z 0-9 -, starting with a letter";
    static final Pattern ALERT_CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    static final String ALERT_CODE_RULE = "1-64 characters of A-Z 0-9 _, starting with a letter";
    static final Pattern SIGNAL_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.]{0,63}");
    static final String SIGNAL_NAME_RULE = "1-64 characters of A-Z a-z 0-9 _ ., starting with a letter";

    private static final Pattern ANY_MACHINE_ID = Pattern.compile(".*", Pattern.DOTALL);

    // NaN/Infinity tokens are let through the parser so the field rules can reject them by path.
    // Duplicate keys are caught while the tree is built, which costs nothing, unlike the parser's
    // STRICT_DUPLICATE_DETECTION (a hash set per object).
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    private final CodecLimits limits;
    private final Clock clock;

    public ProtocolCodec(CodecLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    public ProtocolCodec() {
        this(CodecLimits.DEFAULT, Clock.systemUTC());
    }

    public CodecLimits limits() {
        return limits;
    }

    // ================================================================ decoding

    /** Decodes a batch published on {@code topic}, which must be that machine's telemetry topic. */
    public Decoded<TelemetryBatch> decodeTelemetry(String topic, byte[] payload) {
        return decode(topic, Topics.Channel.TELEMETRY, payload, this::readTelemetry);
    }

    public Decoded<MachineEvent> decodeEvent(String topic, byte[] payload) {
        return decode(topic, Topics.Channel.EVENTS, payload, this::readEvent);
    }

    public Decoded<MachineCommand> decodeCommand(String topic, byte[] payload) {
        return decode(topic, Topics.Channel.COMMANDS, payload, this::readCommand);
    }

    public Decoded<Alert> decodeAlert(String topic, byte[] payload) {
        return decode(topic, Topics.Channel.ALERTS, payload, this::readAlert);
    }

    /**
     * The body of an HTTP request that reports maintenance: the fields of a
     * {@link MachineEvent.MaintenancePerformed} without an event's envelope. Unknown fields are
     * refused: a person typed them, and a typo must not pass silently.
     */
    public MachineEvent.MaintenancePerformed decodeMaintenance(byte[] body) {
        return decodeBody(body, ProtocolCodec::readMaintenance);
    }

    /** The body of an HTTP request for a machine: a command's {@code type} and fields without its envelope. */
    public MachineCommand.Action decodeAction(byte[] body) {
        return decodeBody(body, ProtocolCodec::readAction);
    }

    private <T> T decodeBody(byte[] body, java.util.function.Function<JsonCursor, T> reader) {
        if (body.length > limits.maxPayloadBytes()) {
            throw new InvalidMessageException("$", "body is " + body.length + " bytes, more than the " + limits.maxPayloadBytes() + " allowed");
        }
        List<String> unknownFieldPaths = new ArrayList<>(0);
        JsonCursor root = JsonCursor.root(parse(body), unknownFieldPaths);
        T value = reader.apply(root);
        root.finish();
        if (!unknownFieldPaths.isEmpty()) {
            throw new InvalidMessageException(unknownFieldPaths.get(0), "unknown field");
        }
        return value;
    }

    private interface Reader<T> {
        T read(JsonCursor root, String topicMachineId, Instant latestTimestamp);
    }

    private <T> Decoded<T> decode(String topic, Topics.Channel channel, byte[] payload, Reader<T> reader) {
        Topics.Address address = Topics.parse(topic);
        if (address.channel() != channel) {
            throw new InvalidMessageException("topic", "expected cnc/{machineId}/" + channel.segment() + ", was " + Quoting.quote(topic));
        }
        if (payload.length > limits.maxPayloadBytes()) {
            throw new InvalidMessageException("$", "message is " + payload.length + " bytes, more than the " + limits.maxPayloadBytes() + " allowed");
        }
        JsonNode tree = parse(payload);
        List<String> unknownFieldPaths = new ArrayList<>(0);
        JsonCursor root = JsonCursor.root(tree, unknownFieldPaths);
        T message = reader.read(root, address.machineId(), clock.instant().plus(limits.maxClockSkew()));
        root.finish();
        return new Decoded<>(message, unknownFieldPaths);
    }

    private static JsonNode parse(byte[] payload) {
        try (JsonParser parser = MAPPER.createParser(payload)) {
            JsonNode tree = MAPPER.readTree(parser);
            if (tree == null) {
                throw new InvalidMessageException("$", "expected a JSON object, the message was empty");
            }
            if (parser.nextToken() != null) {
                throw new InvalidMessageException("$", "expected the message to end after the JSON object, found more at line "
                        + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr());
            }
            return tree;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new InvalidMessageException(pathOf(e), "malformed JSON" + where + ": " + withoutJacksonDetail(e.getOriginalMessage()));
        } catch (IOException e) {
            // No I/O happens here, but bytes that are no text do: Jackson guesses UTF-16 or UTF-32 from the
            // first bytes and fails on what follows (CharConversionException). Found by ProtocolFuzzIT.
            throw new InvalidMessageException("$", "expected a JSON object in UTF-8, the bytes are not text: " + e.getMessage());
        }
    }

    /** Jackson names its own types and settings in some messages; a device maker needs only the problem. */
    private static String withoutJacksonDetail(String message) {
        int detail = message.indexOf(" for `");
        return detail < 0 ? message : message.substring(0, detail);
    }

    /** The JSONPath where parsing stopped, so a truncated message says how far it got. */
    private static String pathOf(JsonProcessingException e) {
        if (!(e.getProcessor() instanceof JsonParser parser) || parser.getParsingContext() == null) {
            return "$";
        }
        StringBuilder path = new StringBuilder("$");
        for (String segment : parser.getParsingContext().pathAsPointer().toString().split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            path.append(segment.chars().allMatch(Character::isDigit) ? "[" + segment + "]" : "." + segment);
        }
        return path.toString();
    }

    private int schemaVersion(JsonCursor root) {
        int version = root.smallInteger("schemaVersion", 1, Integer.MAX_VALUE);
        if (version > SCHEMA_VERSION) {
            throw root.violation("schemaVersion", "this build reads schema versions up to " + SCHEMA_VERSION + ", was " + version);
        }
        return version;
    }

    private static String machineId(JsonCursor root, String topicMachineId) {
        String machineId = root.string("machineId", ANY_MACHINE_ID, "");
        MachineIds.requireValid(machineId, root.fieldPath("machineId"));
        if (!machineId.equals(topicMachineId)) {
            throw root.violation("machineId", "must equal the topic's machine id \"" + topicMachineId + "\", was " + Quoting.quote(machineId));
        }
        return machineId;
    }

    private TelemetryBatch readTelemetry(JsonCursor root, String topicMachineId, Instant latest) {
        int version = schemaVersion(root);
        String machineId = machineId(root, topicMachineId);
        List<TelemetrySample> samples = root.objects("samples", 1, limits.maxSamplesPerBatch(), sample -> readSample(sample, latest));
        for (int i = 1; i < samples.size(); i++) {
            long previous = samples.get(i - 1).sequenceNumber();
            if (samples.get(i).sequenceNumber() <= previous) {
                throw new InvalidMessageException("$.samples[" + i + "].sequenceNumber",
                        "must be greater than the previous sample's " + previous + ", was " + samples.get(i).sequenceNumber());
            }
        }
        return new TelemetryBatch(version, machineId, samples);
    }

    private static TelemetrySample readSample(JsonCursor sample, Instant latest) {
        return new TelemetrySample(
                sample.timestamp("timestamp", EARLIEST_TIMESTAMP, latest),
                sample.integer("sequenceNumber", 0, Long.MAX_VALUE),
                sample.number("spindleSpeedRpm", 0, MAX_SPINDLE_SPEED_RPM),
                sample.number("spindleLoadPercent", 0, MAX_SPINDLE_LOAD_PERCENT),
                sample.number("spindlePowerKw", 0, MAX_SPINDLE_POWER_KW),
                sample.number("spindleTempC", MIN_TEMP_C, MAX_TEMP_C),
                sample.number("vibrationRmsMmPerS", 0, MAX_VIBRATION_RMS_MM_PER_S),
                sample.numbersByName("axisPositionsMm", LinearAxis.class, true, -MAX_ABS_POSITION, MAX_ABS_POSITION),
                sample.optionalNumbersByName("rotaryAxisPositionsDeg", RotaryAxis.class, -MAX_ABS_POSITION, MAX_ABS_POSITION),
                sample.number("feedMmPerMin", 0, MAX_FEED_MM_PER_MIN),
                sample.string("programName", 0, MAX_NAME_CHARS),
                sample.integer("blockNumber", 0, Integer.MAX_VALUE),
                sample.smallInteger("toolNumber", 0, MAX_TOOL_NUMBER),
                sample.enumValue("executionState", ExecutionState.class),
                sample.enumValue("controllerMode", ControllerMode.class),
                sample.enumValue("coolant", CoolantState.class),
                sample.integer("partCount", 0, Long.MAX_VALUE),
                sample.strings("activeAlarmCodes", MAX_ACTIVE_ALARMS, ALARM_CODE, ALARM_CODE_RULE));
    }

    private MachineEvent readEvent(JsonCursor root, String topicMachineId, Instant latest) {
        int version = schemaVersion(root);
        String machineId = machineId(root, topicMachineId);
        Instant timestamp = root.timestamp("timestamp", EARLIEST_TIMESTAMP, latest);
        long sequenceNumber = root.integer("sequenceNumber", 0, Long.MAX_VALUE);
        String type = root.string("type", 1, MAX_NAME_CHARS);
        MachineEvent.Fact fact = switch (type) {
            case "ProgramStarted" -> new MachineEvent.ProgramStarted(root.string("programName", 1, MAX_NAME_CHARS));
            case "ProgramCompleted" -> new MachineEvent.ProgramCompleted(
                    root.string("programName", 1, MAX_NAME_CHARS),
                    root.number("cycleTimeS", 0, 1e7),
                    root.integer("partCount", 0, Long.MAX_VALUE));
            case "ToolChanged" -> new MachineEvent.ToolChanged(
                    root.smallInteger("fromToolNumber", 0, MAX_TOOL_NUMBER),
                    root.smallInteger("toToolNumber", 0, MAX_TOOL_NUMBER));
            case "AlarmRaised" -> new MachineEvent.AlarmRaised(
                    root.string("alarmCode", ALARM_CODE, ALARM_CODE_RULE),
                    root.string("message", 0, MAX_MESSAGE_CHARS));
            case "AlarmCleared" -> new MachineEvent.AlarmCleared(root.string("alarmCode", ALARM_CODE, ALARM_CODE_RULE));
            case "ExecutionStateChanged" -> new MachineEvent.ExecutionStateChanged(
                    root.enumValue("from", ExecutionState.class),
                    root.enumValue("to", ExecutionState.class));
            case "MaintenancePerformed" -> readMaintenance(root);
            default -> throw root.violation("type", "expected one of ProgramStarted, ProgramCompleted, ToolChanged, AlarmRaised, "
                    + "AlarmCleared, ExecutionStateChanged, MaintenancePerformed, was " + Quoting.quote(type));
        };
        return new MachineEvent(version, machineId, timestamp, sequenceNumber, fact);
    }

    private static MachineEvent.MaintenancePerformed readMaintenance(JsonCursor root) {
        MaintenanceAction action = root.enumValue("action", MaintenanceAction.class);
        int toolNumber = action == MaintenanceAction.TOOL_REPLACED
                ? root.smallInteger("toolNumber", 1, MAX_TOOL_NUMBER)
                : root.optionalSmallInteger("toolNumber", 0, MAX_TOOL_NUMBER, 0);
        return new MachineEvent.MaintenancePerformed(
                action,
                toolNumber,
                root.string("performedBy", 1, MAX_NAME_CHARS),
                root.optionalString("note", MAX_NOTE_CHARS, ""));
    }

    private MachineCommand readCommand(JsonCursor root, String topicMachineId, Instant latest) {
        int version = schemaVersion(root);
        String commandId = root.string("commandId", MESSAGE_ID, MESSAGE_ID_RULE);
        String machineId = machineId(root, topicMachineId);
        Instant issuedAt = root.timestamp("issuedAt", EARLIEST_TIMESTAMP, latest);
        return new MachineCommand(version, commandId, machineId, issuedAt, readAction(root));
    }

    private static MachineCommand.Action readAction(JsonCursor root) {
        String type = root.string("type", 1, MAX_NAME_CHARS);
        return switch (type) {
            case "InjectFault" -> new MachineCommand.InjectFault(
                    root.enumValue("fault", FaultType.class),
                    root.number("severity", 0, 1),
                    root.optionalNumber("startAfterS", 0, 1e7, 0));
            case "ClearFault" -> new MachineCommand.ClearFault(root.enumValue("fault", FaultType.class));
            case "StartProgram" -> new MachineCommand.StartProgram(
                    root.string("programName", 1, MAX_NAME_CHARS),
                    root.smallInteger("cycles", 1, 100_000));
            case "SetOverrides" -> new MachineCommand.SetOverrides(
                    root.number("feedOverridePercent", 0, 200),
                    root.number("spindleOverridePercent", 50, 120),
                    root.number("rapidOverridePercent", 0, 100));
            default -> throw root.violation("type", "expected one of InjectFault, ClearFault, StartProgram, SetOverrides, was " + Quoting.quote(type));
        };
    }

    private Alert readAlert(JsonCursor root, String topicMachineId, Instant latest) {
        int version = schemaVersion(root);
        String alertId = root.string("alertId", MESSAGE_ID, MESSAGE_ID_RULE);
        String machineId = machineId(root, topicMachineId);
        Instant timestamp = root.timestamp("timestamp", EARLIEST_TIMESTAMP, latest);
        String type = root.string("type", 1, MAX_NAME_CHARS);
        Alert.Change change = switch (type) {
            case "AlertRaised" -> new Alert.AlertRaised(
                    root.enumValue("severity", Severity.class),
                    root.string("source", DETECTOR_SOURCE, DETECTOR_SOURCE_RULE),
                    root.string("code", ALERT_CODE, ALERT_CODE_RULE),
                    root.string("message", 1, MAX_MESSAGE_CHARS),
                    root.objects("evidence", 0, MAX_EVIDENCE, ProtocolCodec::readEvidence));
            case "AlertAcknowledged" -> new Alert.AlertAcknowledged(
                    root.string("acknowledgedBy", 1, MAX_NAME_CHARS),
                    root.optionalString("note", MAX_NOTE_CHARS, ""));
            case "AlertCleared" -> new Alert.AlertCleared(root.string("reason", 1, MAX_MESSAGE_CHARS));
            default -> throw root.violation("type", "expected one of AlertRaised, AlertAcknowledged, AlertCleared, was " + Quoting.quote(type));
        };
        return new Alert(version, alertId, machineId, timestamp, change);
    }

    private static Alert.Evidence readEvidence(JsonCursor evidence) {
        return new Alert.Evidence(
                evidence.string("signal", SIGNAL_NAME, SIGNAL_NAME_RULE),
                evidence.number("value", -Double.MAX_VALUE, Double.MAX_VALUE),
                evidence.optionalNumber("limit", -Double.MAX_VALUE, Double.MAX_VALUE, Double.NaN),
                evidence.string("unit", 0, 16));
    }

    // ================================================================ encoding

    private interface Writer {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
        try (JsonGenerator json = MAPPER.getFactory().createGenerator(bytes)) {
            json.writeStartObject();
            writer.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does no I/O
        }
        return bytes.toByteArray();
    }

    public byte[] encode(TelemetryBatch batch) {
        return write(json -> {
            json.writeNumberField("schemaVersion", batch.schemaVersion());
            json.writeStringField("machineId", batch.machineId());
            json.writeArrayFieldStart("samples");
            for (TelemetrySample sample : batch.samples()) {
                writeSample(json, sample);
            }
            json.writeEndArray();
        });
    }

    private static void writeSample(JsonGenerator json, TelemetrySample sample) throws IOException {
        json.writeStartObject();
        json.writeStringField("timestamp", sample.timestamp().toString());
        json.writeNumberField("sequenceNumber", sample.sequenceNumber());
        json.writeNumberField("spindleSpeedRpm", sample.spindleSpeedRpm());
        json.writeNumberField("spindleLoadPercent", sample.spindleLoadPercent());
        json.writeNumberField("spindlePowerKw", sample.spindlePowerKw());
        json.writeNumberField("spindleTempC", sample.spindleTempC());
        json.writeNumberField("vibrationRmsMmPerS", sample.vibrationRmsMmPerS());
        writeNumbersByName(json, "axisPositionsMm", sample.axisPositionsMm());
        if (!sample.rotaryAxisPositionsDeg().isEmpty()) {
            writeNumbersByName(json, "rotaryAxisPositionsDeg", sample.rotaryAxisPositionsDeg());
        }
        json.writeNumberField("feedMmPerMin", sample.feedMmPerMin());
        json.writeStringField("programName", sample.programName());
        json.writeNumberField("blockNumber", sample.blockNumber());
        json.writeNumberField("toolNumber", sample.toolNumber());
        json.writeStringField("executionState", sample.executionState().name());
        json.writeStringField("controllerMode", sample.controllerMode().name());
        json.writeStringField("coolant", sample.coolant().name());
        json.writeNumberField("partCount", sample.partCount());
        json.writeArrayFieldStart("activeAlarmCodes");
        for (String code : sample.activeAlarmCodes()) {
            json.writeString(code);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static <K extends Enum<K>> void writeNumbersByName(JsonGenerator json, String name, Map<K, Double> values) throws IOException {
        json.writeObjectFieldStart(name);
        for (Map.Entry<K, Double> entry : values.entrySet()) {
            json.writeNumberField(entry.getKey().name(), entry.getValue());
        }
        json.writeEndObject();
    }

    public byte[] encode(MachineEvent event) {
        return write(json -> {
            json.writeNumberField("schemaVersion", event.schemaVersion());
            json.writeStringField("machineId", event.machineId());
            json.writeStringField("timestamp", event.timestamp().toString());
            json.writeNumberField("sequenceNumber", event.sequenceNumber());
            json.writeStringField("type", event.fact().getClass().getSimpleName());
            if (event.fact() instanceof MachineEvent.ProgramStarted started) {
                json.writeStringField("programName", started.programName());
            } else if (event.fact() instanceof MachineEvent.ProgramCompleted completed) {
                json.writeStringField("programName", completed.programName());
                json.writeNumberField("cycleTimeS", completed.cycleTimeS());
                json.writeNumberField("partCount", completed.partCount());
            } else if (event.fact() instanceof MachineEvent.ToolChanged changed) {
                json.writeNumberField("fromToolNumber", changed.fromToolNumber());
                json.writeNumberField("toToolNumber", changed.toToolNumber());
            } else if (event.fact() instanceof MachineEvent.AlarmRaised raised) {
                json.writeStringField("alarmCode", raised.alarmCode());
                json.writeStringField("message", raised.message());
            } else if (event.fact() instanceof MachineEvent.AlarmCleared cleared) {
                json.writeStringField("alarmCode", cleared.alarmCode());
            } else if (event.fact() instanceof MachineEvent.ExecutionStateChanged changed) {
                json.writeStringField("from", changed.from().name());
                json.writeStringField("to", changed.to().name());
            } else if (event.fact() instanceof MachineEvent.MaintenancePerformed maintenance) {
                json.writeStringField("action", maintenance.action().name());
                if (maintenance.toolNumber() != 0) {
                    json.writeNumberField("toolNumber", maintenance.toolNumber());
                }
                json.writeStringField("performedBy", maintenance.performedBy());
                json.writeStringField("note", maintenance.note());
            } else {
                throw new IllegalArgumentException("unknown " + event.fact().getClass());
            }
        });
    }

    public byte[] encode(MachineCommand command) {
        return write(json -> {
            json.writeNumberField("schemaVersion", command.schemaVersion());
            json.writeStringField("commandId", command.commandId());
            json.writeStringField("machineId", command.machineId());
            json.writeStringField("issuedAt", command.issuedAt().toString());
            json.writeStringField("type", command.action().getClass().getSimpleName());
            if (command.action() instanceof MachineCommand.InjectFault inject) {
                json.writeStringField("fault", inject.fault().name());
                json.writeNumberField("severity", inject.severity());
                json.writeNumberField("startAfterS", inject.startAfterS());
            } else if (command.action() instanceof MachineCommand.ClearFault clear) {
                json.writeStringField("fault", clear.fault().name());
            } else if (command.action() instanceof MachineCommand.StartProgram start) {
                json.writeStringField("programName", start.programName());
                json.writeNumberField("cycles", start.cycles());
            } else if (command.action() instanceof MachineCommand.SetOverrides overrides) {
                json.writeNumberField("feedOverridePercent", overrides.feedOverridePercent());
                json.writeNumberField("spindleOverridePercent", overrides.spindleOverridePercent());
                json.writeNumberField("rapidOverridePercent", overrides.rapidOverridePercent());
            } else {
                throw new IllegalArgumentException("unknown " + command.action().getClass());
            }
        });
    }

    public byte[] encode(Alert alert) {
        return write(json -> {
            json.writeNumberField("schemaVersion", alert.schemaVersion());
            json.writeStringField("alertId", alert.alertId());
            json.writeStringField("machineId", alert.machineId());
            json.writeStringField("timestamp", alert.timestamp().toString());
            json.writeStringField("type", alert.change().getClass().getSimpleName());
            if (alert.change() instanceof Alert.AlertRaised raised) {
                json.writeStringField("severity", raised.severity().name());
                json.writeStringField("source", raised.source());
                json.writeStringField("code", raised.code());
                json.writeStringField("message", raised.message());
                json.writeArrayFieldStart("evidence");
                for (Alert.Evidence evidence : raised.evidence()) {
                    json.writeStartObject();
                    json.writeStringField("signal", evidence.signal());
                    json.writeNumberField("value", evidence.value());
                    if (!Double.isNaN(evidence.limit())) {
                        json.writeNumberField("limit", evidence.limit());
                    }
                    json.writeStringField("unit", evidence.unit());
                    json.writeEndObject();
                }
                json.writeEndArray();
            } else if (alert.change() instanceof Alert.AlertAcknowledged acknowledged) {
                json.writeStringField("acknowledgedBy", acknowledged.acknowledgedBy());
                json.writeStringField("note", acknowledged.note());
            } else if (alert.change() instanceof Alert.AlertCleared cleared) {
                json.writeStringField("reason", cleared.reason());
            } else {
                throw new IllegalArgumentException("unknown " + alert.change().getClass());
            }
        });
    }

    public byte[] encode(DeadLetter deadLetter) {
        return write(json -> {
            json.writeNumberField("schemaVersion", SCHEMA_VERSION);
            json.writeStringField("sourceTopic", deadLetter.sourceTopic());
            json.writeStringField("receivedAt", deadLetter.receivedAt().toString());
            json.writeStringField("path", deadLetter.path());
            json.writeStringField("reason", deadLetter.reason());
            json.writeStringField("payloadBase64", Base64.getEncoder().encodeToString(deadLetter.payload()));
        });
    }
}
