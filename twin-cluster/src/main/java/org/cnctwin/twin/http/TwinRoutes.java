package org.cnctwin.twin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.typed.javadsl.ActorSource;
import org.cnctwin.protocol.ExecutionState;
import org.cnctwin.protocol.InvalidMessageException;
import org.cnctwin.protocol.MachineCommand;
import org.cnctwin.protocol.MachineEvent;
import org.cnctwin.protocol.MachineIds;
import org.cnctwin.protocol.ProtocolCodec;
import org.cnctwin.protocol.TelemetrySample;
import org.cnctwin.protocol.Topics;
import org.cnctwin.twin.FleetChanges;
import org.cnctwin.twin.FleetRegistry;
import org.cnctwin.twin.MachineConfiguration;
import org.cnctwin.twin.MachineEstimate;
import org.cnctwin.twin.MachineTwin;
import org.cnctwin.twin.metrics.TwinMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContextExecutor;

/**
 * The twin's HTTP API under {@code /api/v1}, the live page at {@code /} and the Prometheus
 * metrics at {@code /metrics}.
 *
 * <p>The API's routes are made from its OpenAPI document ({@code openapi.json}): each operation
 * there is served by the handler of its {@code operationId}, with the role its {@code x-role}
 * names, so the document and the server cannot drift apart (the constructor refuses a document
 * operation without a handler and a handler without an operation). Errors are
 * {@code application/problem+json} (RFC 9457) naming what was wrong and, where there is one, the
 * field.
 */
public final class TwinRoutes extends AllDirectives {

    private static final Logger log = LoggerFactory.getLogger(TwinRoutes.class);
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;
    /** Changes listed in one merged machine-stream event; older ones are summarised by the state itself. */
    private static final int MAX_MERGED_CHANGES = 100;
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
    /** A machine stream subscribes again this often, so it survives its twin moving to another node. */
    private static final Duration RESUBSCRIBE_EVERY = Duration.ofSeconds(20);
    private static final ContentType PROBLEM = ContentTypes.create(MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8));
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final Set<String> EVENT_TYPES = Set.of("TelemetryRecorded", "MachineEventRecorded", "Configured", "MaintenanceRecorded",
            "AlertRaised", "AlertAcknowledged", "AlertCleared", "ToolLifeForecasted");

    /** The OpenAPI document, read once. */
    public static final JsonNode OPENAPI = readOpenApi();

    /**
     * @param maxBodyBytes a larger request body is refused with 413
     * @param fleetStreamBuffer fleet changes a client may fall behind before its stream is closed
     * @param heartbeat how often an idle stream sends a comment line
     * @param historyScanLimit events one history request reads at most
     */
    public record Settings(ApiAuth auth, long maxBodyBytes, int fleetStreamBuffer, Duration heartbeat, int historyScanLimit) {

        /** From {@code cnc-twin.http}. */
        public static Settings fromConfig(Config http) {
            return new Settings(ApiAuth.fromConfig(http.getConfig("auth")), http.getBytes("max-body-size"), http.getInt("fleet-stream-buffer"),
                    http.getDuration("sse-heartbeat"), http.getInt("history-scan-limit"));
        }
    }

    /** One operation of the OpenAPI document. */
    public record Operation(HttpMethod method, String pathTemplate, String operationId, String role) {}

    private interface Handler {
        Route handle(Map<String, String> pathParameters);
    }

    private final ClusterSharding sharding;
    private final FleetRegistry registry;
    private final CurrentEventsByPersistenceIdQuery journal;
    private final Function<MachineCommand, CompletionStage<Done>> commands;
    private final Settings settings;
    private final ActorSystem<?> system;
    private final ExecutionContextExecutor callbacks;
    private final TwinMetrics metrics;
    private final ProtocolCodec codec = new ProtocolCodec();
    private final Map<String, Handler> handlers = new LinkedHashMap<>();
    private final Route routes;

    /**
     * @param journal where the history is read (Cassandra's read journal in production)
     * @param commands sends a command to its machine's MQTT command topic
     */
    public TwinRoutes(ActorSystem<?> system, FleetRegistry registry, CurrentEventsByPersistenceIdQuery journal,
                      Function<MachineCommand, CompletionStage<Done>> commands, Settings settings) {
        this.system = system;
        this.sharding = ClusterSharding.get(system);
        this.registry = registry;
        this.journal = journal;
        this.commands = commands;
        this.settings = settings;
        this.callbacks = system.executionContext();
        this.metrics = TwinMetrics.get(system);
        handlers.put("getOpenApi", parameters -> json(StatusCodes.OK, OPENAPI));
        handlers.put("listMachines", parameters -> fleet());
        handlers.put("getMachine", parameters -> knownMachine(parameters, this::twin));
        handlers.put("getMachineHistory", parameters -> knownMachine(parameters, this::history));
        handlers.put("streamMachine", parameters -> knownMachine(parameters, this::machineStream));
        handlers.put("streamFleet", parameters -> fleetStream());
        handlers.put("acknowledgeAlert", parameters -> knownMachine(parameters, machineId -> acknowledge(machineId, parameters.get("alertId"))));
        handlers.put("recordMaintenance", parameters -> knownMachine(parameters, this::maintenance));
        handlers.put("configureMachine", parameters -> knownMachine(parameters, this::configure));
        handlers.put("sendFault", parameters -> knownMachine(parameters, this::fault));
        Set<String> documented = operations().stream().map(Operation::operationId).collect(Collectors.toSet());
        if (!documented.equals(handlers.keySet())) {
            throw new IllegalStateException("openapi.json and TwinRoutes disagree: documented " + documented + ", handled " + handlers.keySet());
        }
        this.routes = build();
    }

    public Route routes() {
        return routes;
    }

    /** Every operation of the OpenAPI document, in its order. */
    public static List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        OPENAPI.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> operations.add(new Operation(
                HttpMethods.lookup(method.getKey().toUpperCase(Locale.ROOT)).orElseThrow(), path.getKey(),
                method.getValue().get("operationId").asText(), method.getValue().get("x-role").asText()))));
        return operations;
    }

    private Route build() {
        Map<String, List<Operation>> byPath = operations().stream().collect(Collectors.groupingBy(Operation::pathTemplate, LinkedHashMap::new,
                Collectors.toList()));
        List<Route> api = byPath.entrySet().stream().map(entry -> at(entry.getKey(), entry.getValue())).toList();
        Route all = concat(
                pathSingleSlash(() -> get(() -> getFromResource("web/index.html", ContentTypes.TEXT_HTML_UTF8))),
                pathPrefix("webjars", () -> get(() -> getFromResourceDirectory("META-INF/resources/webjars"))),
                path("metrics", () -> get(() -> complete(HttpResponse.create().withEntity(HttpEntities.create(
                        ContentTypes.create(MediaTypes.TEXT_PLAIN, HttpCharsets.UTF_8), metrics.scrape()))))),
                withSizeLimit(settings.maxBodyBytes(), () -> firstOf(api)));
        return handleExceptions(exceptionHandler(), () -> handleRejections(rejectionHandler(), () -> all));
    }

    /** The operations of one path template: the path first, so a wrong method on a known path is 405 and an unknown path 404. */
    private Route at(String template, List<Operation> operations) {
        String[] parts = template.substring(1).split("/");
        return extractUri(uri -> {
            List<String> segments = new ArrayList<>();
            uri.pathSegments().forEach(segments::add);
            if (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
                segments.remove(segments.size() - 1); // a trailing slash
            }
            if (segments.size() != parts.length) {
                return reject();
            }
            Map<String, String> parameters = new LinkedHashMap<>();
            for (int index = 0; index < parts.length; index++) {
                String part = parts[index];
                if (part.startsWith("{")) {
                    parameters.put(part.substring(1, part.length() - 1), segments.get(index));
                } else if (!part.equals(segments.get(index))) {
                    return reject();
                }
            }
            List<Route> methods = operations.stream().map(operation -> method(operation.method(), () -> authorized(operation.role(),
                    () -> handlers.get(operation.operationId()).handle(parameters)))).toList();
            return firstOf(methods);
        });
    }

    /** The first of {@code routes} that takes the request (Pekko's concat takes a first route and varargs). */
    private Route firstOf(List<Route> routes) {
        return concat(routes.get(0), routes.subList(1, routes.size()).toArray(Route[]::new));
    }

    /** The bearer token from the Authorization header, or from {@code access_token} for EventSource, which cannot send headers. */
    private Route authorized(String requiredRole, Supplier<Route> inner) {
        if (requiredRole.equals("public")) {
            return inner.get();
        }
        ApiAuth.Role required = ApiAuth.Role.valueOf(requiredRole.toUpperCase(Locale.ROOT));
        return optionalHeaderValueByName("Authorization", header -> parameterOptional("access_token", query -> {
            Optional<String> token = header.filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7)).map(value -> value.substring(7).trim())
                    .or(() -> query);
            Optional<ApiAuth.Role> role = settings.auth().roleOf(token);
            if (role.isEmpty()) {
                return respondWithHeader(HttpHeader.parse("WWW-Authenticate", "Bearer realm=\"cnc-twin\""), () -> problem(StatusCodes.UNAUTHORIZED,
                        "authentication required", token.isEmpty() ? "send Authorization: Bearer <token>" : "the bearer token is not valid", null));
            }
            if (!role.get().allows(required)) {
                return problem(StatusCodes.FORBIDDEN, "not allowed", "this needs the " + requiredRole + " role; the token has "
                        + role.get().name().toLowerCase(Locale.ROOT), null);
            }
            return inner.get();
        }));
    }

    private Route knownMachine(Map<String, String> parameters, Function<String, Route> inner) {
        String machineId = parameters.get("machineId");
        if (!MachineIds.isValid(machineId)) {
            return problem(StatusCodes.BAD_REQUEST, "invalid machine id", "machine id \"" + machineId + "\": expected 1-64 of A-Z a-z 0-9 _ -",
                    "machineId");
        }
        return onSuccess(registry.machineIds(), ids -> ids.contains(machineId)
                ? inner.apply(machineId)
                : problem(StatusCodes.NOT_FOUND, "unknown machine", "no machine " + machineId + " has reported to this cluster", "machineId"));
    }

    // ================================================================ reading

    private Route fleet() {
        return parameterOptional("offset", offsetText -> parameterOptional("limit", limitText -> parameterOptional("health", health ->
                parameterOptional("executionState", executionState -> {
                    int offset;
                    int limit;
                    Optional<ExecutionState> state;
                    try {
                        offset = integer("offset", offsetText, 0, 0, Integer.MAX_VALUE);
                        limit = integer("limit", limitText, DEFAULT_LIMIT, 1, MAX_LIMIT);
                        if (health.isPresent() && !List.of("ok", "warning", "critical").contains(health.get())) {
                            throw new BadParameter("health", "expected ok, warning or critical, was \"" + health.get() + '"');
                        }
                        state = executionState.map(TwinRoutes::executionState);
                    } catch (BadParameter e) {
                        return problem(StatusCodes.BAD_REQUEST, "invalid query parameter", e.getMessage(), e.parameter);
                    }
                    boolean filtered = health.isPresent() || state.isPresent();
                    CompletionStage<ObjectNode> page = registry.machineIds().thenComposeAsync(ids -> {
                        List<String> all = new ArrayList<>(ids);
                        // Unfiltered, only the page's twins are asked; a filter must look at every twin.
                        List<String> asked = filtered ? all : all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit));
                        return states(asked).thenApplyAsync(states -> {
                            List<MachineTwin.State> matching = states.stream()
                                    .filter(twin -> health.map(wanted -> wanted.equals(twin.health())).orElse(true))
                                    .filter(twin -> state.map(wanted -> twin.reported() != null && twin.reported().executionState() == wanted).orElse(true))
                                    .toList();
                            List<MachineTwin.State> shown = filtered
                                    ? matching.subList(Math.min(offset, matching.size()), Math.min(matching.size(), offset + limit)) : matching;
                            ObjectNode body = JSON.createObjectNode();
                            body.put("total", filtered ? matching.size() : all.size()).put("offset", offset).put("limit", limit);
                            ArrayNode machines = body.putArray("machines");
                            shown.forEach(twin -> machines.add(summary(twin)));
                            return body;
                        }, callbacks);
                    }, callbacks);
                    return onSuccess(page, body -> json(StatusCodes.OK, body));
                }))));
    }

    private static ExecutionState executionState(String text) {
        try {
            return ExecutionState.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new BadParameter("executionState", "expected one of " + List.of(ExecutionState.values()) + ", was \"" + text + '"');
        }
    }

    private CompletionStage<List<MachineTwin.State>> states(List<String> machineIds) {
        List<CompletableFuture<MachineTwin.State>> asks = machineIds.stream().map(id -> state(id).toCompletableFuture()).toList();
        return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new))
                .thenApplyAsync(nothing -> asks.stream().map(CompletableFuture::join).toList(), callbacks);
    }

    private Route twin(String machineId) {
        return onSuccess(state(machineId), state -> json(StatusCodes.OK, document(state)));
    }

    private Route history(String machineId) {
        return parameterOptional("from", fromText -> parameterOptional("to", toText -> parameterOptional("types", typesText ->
                parameterOptional("after", afterText -> parameterOptional("limit", limitText -> {
                    Instant from;
                    Instant to;
                    Set<String> types;
                    long after;
                    int limit;
                    try {
                        from = instant("from", fromText, Instant.MIN);
                        to = instant("to", toText, Instant.MAX);
                        types = typesText.map(text -> Set.of(text.split(","))).orElse(EVENT_TYPES);
                        for (String type : types) {
                            if (!EVENT_TYPES.contains(type)) {
                                throw new BadParameter("types", "unknown event type \"" + type + "\"; expected some of " + EVENT_TYPES);
                            }
                        }
                        after = integer("after", afterText, 0, 0, Integer.MAX_VALUE);
                        limit = integer("limit", limitText, DEFAULT_LIMIT, 1, MAX_LIMIT);
                    } catch (BadParameter e) {
                        return problem(StatusCodes.BAD_REQUEST, "invalid query parameter", e.getMessage(), e.parameter);
                    }
                    AtomicLong lastRead = new AtomicLong(after);
                    AtomicLong read = new AtomicLong();
                    AtomicBoolean reachedTo = new AtomicBoolean();
                    String persistenceId = PersistenceId.of(MachineTwin.ENTITY_TYPE_KEY.name(), machineId).id();
                    CompletionStage<List<EventEnvelope>> page = journal.currentEventsByPersistenceId(persistenceId, after + 1, Long.MAX_VALUE)
                            .take(settings.historyScanLimit())
                            .takeWhile(envelope -> {
                                boolean before = Instant.ofEpochMilli(envelope.timestamp()).isBefore(to);
                                reachedTo.compareAndSet(false, !before);
                                return before;
                            })
                            .map(envelope -> {
                                lastRead.set(envelope.sequenceNr());
                                read.incrementAndGet();
                                return envelope;
                            })
                            .filter(envelope -> !Instant.ofEpochMilli(envelope.timestamp()).isBefore(from)
                                    && types.contains(envelope.event().getClass().getSimpleName()))
                            .take(limit)
                            .runWith(Sink.seq(), system);
                    return onSuccess(page, events -> {
                        ObjectNode body = JSON.createObjectNode();
                        ArrayNode list = body.putArray("events");
                        for (EventEnvelope envelope : events) {
                            list.addObject().put("sequenceNr", envelope.sequenceNr())
                                    .put("timestamp", Instant.ofEpochMilli(envelope.timestamp()).toString())
                                    .put("type", envelope.event().getClass().getSimpleName())
                                    .set("event", JSON.valueToTree(envelope.event()));
                        }
                        boolean more = !reachedTo.get() && (events.size() == limit || read.get() == settings.historyScanLimit());
                        if (more) {
                            body.putObject("next").put("after", events.size() == limit ? events.get(events.size() - 1).sequenceNr() : lastRead.get());
                        } else {
                            body.putNull("next");
                        }
                        return json(StatusCodes.OK, body);
                    });
                })))));
    }

    // ================================================================ streams

    /**
     * The twin's changes as they are persisted. The stream never slows the twin: the twin tells,
     * and what a slow client has not read yet is merged into one event with the newest state.
     */
    private Route machineStream(String machineId) {
        EntityRef<MachineTwin.Command> twin = sharding.entityRefFor(MachineTwin.ENTITY_TYPE_KEY, machineId);
        Source<ServerSentEvent, NotUsed> events = ActorSource.<MachineTwin.TwinChanged>actorRef(change -> false, change -> Optional.empty(), 16,
                        OverflowStrategy.dropHead())
                .watchTermination((subscriber, done) -> {
                    metrics.sseClientOpened("machine");
                    twin.tell(new MachineTwin.Subscribe(subscriber));
                    Cancellable resubscribe = system.scheduler().scheduleAtFixedRate(RESUBSCRIBE_EVERY, RESUBSCRIBE_EVERY,
                            () -> twin.tell(new MachineTwin.Subscribe(subscriber)), callbacks);
                    done.whenComplete((finished, failure) -> {
                        resubscribe.cancel();
                        twin.tell(new MachineTwin.Unsubscribe(subscriber));
                        metrics.sseClientClosed("machine");
                    });
                    return NotUsed.getInstance();
                })
                .conflateWithSeed(change -> change, (older, newer) -> {
                    metrics.sseDropped("machine");
                    List<String> changes = new ArrayList<>(older.changes());
                    changes.addAll(newer.changes());
                    return new MachineTwin.TwinChanged(changes.subList(Math.max(0, changes.size() - MAX_MERGED_CHANGES), changes.size()), newer.state());
                })
                .map(change -> {
                    ObjectNode data = JSON.createObjectNode();
                    data.set("changes", JSON.valueToTree(change.changes()));
                    data.set("twin", document(change.state()));
                    return ServerSentEvent.create(JSON.writeValueAsString(data), "twin");
                })
                .keepAlive(settings.heartbeat(), ServerSentEvent::heartbeat);
        return completeOK(events, EventStreamMarshalling.toEventStream());
    }

    /** Every machine's alert changes; a client too far behind is disconnected rather than shown a fleet with gaps. */
    private Route fleetStream() {
        Source<ServerSentEvent, NotUsed> events = ActorSource.<FleetChanges.FleetChange>actorRef(change -> false, change -> Optional.empty(),
                        settings.fleetStreamBuffer(), OverflowStrategy.fail())
                .watchTermination((subscriber, done) -> {
                    metrics.sseClientOpened("fleet");
                    FleetChanges.get(system).subscribe(subscriber);
                    done.whenComplete((finished, failure) -> {
                        metrics.sseClientClosed("fleet");
                        if (failure != null) {
                            metrics.sseDropped("fleet");
                            log.info("fleet stream closed: the client fell {} changes behind", settings.fleetStreamBuffer());
                        }
                    });
                    return NotUsed.getInstance();
                })
                .map(change -> ServerSentEvent.create(JSON.writeValueAsString(change), "fleet"))
                .keepAlive(settings.heartbeat(), ServerSentEvent::heartbeat);
        // Sent once subscribed: a client that has it misses no change made after it.
        events = Source.single(ServerSentEvent.create("{}", "open")).concat(events);
        return completeOK(events, EventStreamMarshalling.toEventStream());
    }

    // ================================================================ writing

    private Route acknowledge(String machineId, String alertId) {
        return entity(Unmarshaller.entityToString(), body -> {
            String acknowledgedBy = "operator";
            String note = "";
            if (!body.isBlank()) {
                try {
                    JsonNode request = JSON.readTree(body);
                    acknowledgedBy = request.path("acknowledgedBy").asText(acknowledgedBy);
                    note = request.path("note").asText("");
                } catch (JsonProcessingException e) {
                    return problem(StatusCodes.BAD_REQUEST, "invalid JSON body", "expected {\"acknowledgedBy\": \"...\", \"note\": \"...\"}: "
                            + e.getOriginalMessage(), "$");
                }
            }
            String by = acknowledgedBy;
            String why = note;
            return replied(machineId, replyTo -> new MachineTwin.AcknowledgeAlert(alertId, by, why, replyTo), StatusCodes.NOT_FOUND, "unknown alert");
        });
    }

    private Route maintenance(String machineId) {
        return entity(Unmarshaller.entityToByteArray(), body -> {
            MachineEvent.MaintenancePerformed work;
            try {
                work = codec.decodeMaintenance(body);
            } catch (InvalidMessageException e) {
                return problem(StatusCodes.BAD_REQUEST, "invalid maintenance report", e.getMessage(), e.path());
            }
            return replied(machineId, replyTo -> new MachineTwin.RecordMaintenance(work.action(), work.toolNumber(), work.performedBy(), work.note(),
                    replyTo), StatusCodes.BAD_REQUEST, "maintenance not recorded");
        });
    }

    private Route configure(String machineId) {
        return entity(Unmarshaller.entityToByteArray(), body -> {
            MachineConfiguration configuration;
            try {
                configuration = JSON.readValue(body, MachineConfiguration.class);
            } catch (JsonMappingException e) {
                String field = "$" + e.getPath().stream().map(reference -> reference.getFieldName() != null ? "." + reference.getFieldName()
                        : "[" + reference.getIndex() + "]").collect(Collectors.joining());
                Throwable cause = e.getCause() instanceof IllegalArgumentException invalid ? invalid : e;
                String reason = cause == e ? e.getOriginalMessage() : cause.getMessage();
                return problem(StatusCodes.BAD_REQUEST, "invalid configuration", field + ": " + withoutJacksonDetail(reason), field);
            } catch (IOException e) {
                return problem(StatusCodes.BAD_REQUEST, "invalid configuration", "malformed JSON: " + e.getMessage(), "$");
            }
            return replied(machineId, replyTo -> new MachineTwin.Configure(configuration, replyTo), StatusCodes.BAD_REQUEST, "not configured");
        });
    }

    private Route fault(String machineId) {
        return entity(Unmarshaller.entityToByteArray(), body -> {
            MachineCommand.Action action;
            try {
                action = codec.decodeAction(body);
                if (!(action instanceof MachineCommand.InjectFault || action instanceof MachineCommand.ClearFault)) {
                    throw new InvalidMessageException("$.type", "expected InjectFault or ClearFault, was " + action.getClass().getSimpleName());
                }
            } catch (InvalidMessageException e) {
                return problem(StatusCodes.BAD_REQUEST, "invalid fault command", e.getMessage(), e.path());
            }
            MachineCommand command = new MachineCommand(ProtocolCodec.SCHEMA_VERSION, UUID.randomUUID().toString(), machineId, Instant.now(), action);
            return onSuccess(failureOf(commands.apply(command)), failure -> failure.isEmpty()
                    ? json(StatusCodes.ACCEPTED, JSON.createObjectNode().put("commandId", command.commandId()).put("topic", Topics.commands(machineId)))
                    : problem(StatusCodes.SERVICE_UNAVAILABLE, "command not sent", failure.get(), null));
        });
    }

    /** Asks the twin; 204 on success, {@code refused} with the twin's reason on its error. */
    private Route replied(String machineId, Function<ActorRef<StatusReply<Done>>, MachineTwin.Command> command, StatusCode refused, String title) {
        CompletionStage<Done> outcome = sharding.entityRefFor(MachineTwin.ENTITY_TYPE_KEY, machineId)
                .askWithStatus(replyTo -> command.apply(replyTo), ASK_TIMEOUT);
        return onSuccess(failureOf(outcome), error -> error.isEmpty() ? complete(StatusCodes.NO_CONTENT) : problem(refused, title, error.get(), null));
    }

    /** Empty when {@code work} succeeded, else why it failed: a route answers either way. */
    private CompletionStage<Optional<String>> failureOf(CompletionStage<?> work) {
        return work.handleAsync((done, failure) -> failure == null ? Optional.<String>empty() : Optional.of(rootMessage(failure)), callbacks);
    }

    private CompletionStage<MachineTwin.State> state(String machineId) {
        return sharding.entityRefFor(MachineTwin.ENTITY_TYPE_KEY, machineId).ask(MachineTwin.GetTwin::new, ASK_TIMEOUT);
    }

    // ================================================================ documents

    /** The grid's line for one machine: what it does, how healthy it is, the tool in the spindle. */
    static ObjectNode summary(MachineTwin.State state) {
        ObjectNode line = JSON.createObjectNode();
        line.put("machineId", state.machineId()).put("health", state.health());
        TelemetrySample reported = state.reported();
        if (reported != null) {
            line.put("executionState", reported.executionState().name()).put("spindleSpeedRpm", reported.spindleSpeedRpm())
                    .put("spindleLoadPercent", reported.spindleLoadPercent()).put("spindleTempC", reported.spindleTempC())
                    .put("vibrationRmsMmPerS", reported.vibrationRmsMmPerS()).put("toolNumber", reported.toolNumber())
                    .put("program", reported.programName()).put("partCount", reported.partCount()).put("timestamp", reported.timestamp().toString());
            MachineEstimate.ToolEstimate tool = state.estimate().tools().get(reported.toolNumber());
            if (tool != null) {
                line.put("toolWearMm", tool.flankWearMm());
                if (Double.isFinite(tool.remainingLifeMin())) {
                    line.put("toolRemainingLifeMin", tool.remainingLifeMin());
                }
            }
        }
        line.put("vibrationZone", state.estimate().vibrationZone().name()).put("activeAlerts", state.activeAlerts().size());
        return line;
    }

    /**
     * The twin document: the state as it is, with its health and, as in an AWS IoT shadow's
     * metadata, when each part last changed: every reported value comes from the same sample.
     */
    static ObjectNode document(MachineTwin.State state) {
        ObjectNode document = JSON.valueToTree(state);
        document.put("health", state.health());
        ObjectNode metadata = document.putObject("metadata");
        metadata.putObject("reported").put("timestamp", state.reported() == null ? null : state.reported().timestamp().toString());
        metadata.putObject("estimate").put("timestamp", state.estimate().lastSampleAt() == null ? null : state.estimate().lastSampleAt().toString());
        ObjectNode alerts = metadata.putObject("activeAlerts");
        state.activeAlerts().values().forEach(alert -> alerts.putObject(alert.alertId()).put("raisedAt", alert.raisedAt().toString())
                .put("acknowledgedAt", alert.acknowledgedAt() == null ? null : alert.acknowledgedAt().toString()));
        return document;
    }

    // ================================================================ parameters and errors

    /** A query parameter that is not what the operation expects. */
    private static final class BadParameter extends IllegalArgumentException {
        final String parameter;

        BadParameter(String parameter, String reason) {
            super(parameter + ": " + reason);
            this.parameter = parameter;
        }
    }

    private static int integer(String name, Optional<String> text, int fallback, int min, int max) {
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value < min || value > max) {
                throw new BadParameter(name, "expected " + min + " to " + max + ", was " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new BadParameter(name, "expected a whole number, was \"" + text.get() + '"');
        }
    }

    private static Instant instant(String name, Optional<String> text, Instant fallback) {
        try {
            return text.map(Instant::parse).orElse(fallback);
        } catch (DateTimeParseException e) {
            throw new BadParameter(name, "expected an ISO 8601 instant such as 2026-11-25T13:00:00Z, was \"" + text.get() + '"');
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof TimeoutException ? "the twin did not answer within " + ASK_TIMEOUT.toSeconds() + " s" : cause.getMessage();
    }

    /** Jackson names its own classes in some messages; the caller needs only the problem. */
    private static String withoutJacksonDetail(String message) {
        int detail = message.indexOf(" (for ");
        String trimmed = detail < 0 ? message : message.substring(0, detail);
        int location = trimmed.indexOf("\n at [Source");
        return location < 0 ? trimmed : trimmed.substring(0, location);
    }

    private RejectionHandler rejectionHandler() {
        return RejectionHandler.newBuilder()
                .handleAll(MethodRejection.class, rejections -> {
                    String allowed = rejections.stream().map(rejection -> rejection.supported().name()).distinct().collect(Collectors.joining(", "));
                    return respondWithHeader(HttpHeader.parse("Allow", allowed), () -> problem(StatusCodes.METHOD_NOT_ALLOWED, "method not allowed",
                            "this resource answers " + allowed, null));
                })
                .handle(org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection.class, rejection ->
                        rejection.getCause() instanceof EntityStreamSizeException ? tooLarge() : problem(StatusCodes.BAD_REQUEST, "unreadable body",
                                rejection.message(), "$"))
                .handleNotFound(extractUri(uri -> problem(StatusCodes.NOT_FOUND, "not found", "nothing at " + uri.path()
                        + "; the API is described at /api/v1/openapi.json", null)))
                .build()
                .withFallback(RejectionHandler.defaultHandler())
                .mapRejectionResponse(response -> response.entity().getContentType().equals(PROBLEM) || response.status().intValue() < 400
                        ? response : problemResponse(response.status(), response.status().reason(), "request rejected", null));
    }

    private ExceptionHandler exceptionHandler() {
        return ExceptionHandler.newBuilder()
                .match(EntityStreamSizeException.class, e -> tooLarge())
                .matchAny(e -> {
                    log.error("request failed", e);
                    return problem(StatusCodes.INTERNAL_SERVER_ERROR, "internal error", rootMessage(e), null);
                })
                .build();
    }

    private Route tooLarge() {
        return problem(StatusCodes.PAYLOAD_TOO_LARGE, "body too large", "request bodies are limited to " + settings.maxBodyBytes() + " bytes", "$");
    }

    private Route json(StatusCode status, JsonNode body) {
        try {
            return complete(HttpResponse.create().withStatus(status)
                    .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, JSON.writeValueAsBytes(body))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** RFC 9457: type, title, status, detail, and our {@code field} extension when one field is at fault. */
    private Route problem(StatusCode status, String title, String detail, String field) {
        return complete(problemResponse(status, title, detail, field));
    }

    private static HttpResponse problemResponse(StatusCode status, String title, String detail, String field) {
        ObjectNode problem = JSON.createObjectNode().put("type", "about:blank").put("title", title).put("status", status.intValue())
                .put("detail", detail);
        if (field != null) {
            problem.put("field", field);
        }
        try {
            return HttpResponse.create().withStatus(status).withEntity(HttpEntities.create(PROBLEM, JSON.writeValueAsBytes(problem)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static JsonNode readOpenApi() {
        try (InputStream in = TwinRoutes.class.getResourceAsStream("/openapi.json")) {
            return JSON.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("openapi.json is missing from the class path", e);
        }
    }
}
