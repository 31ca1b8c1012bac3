package org.cnctwin.twin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.cnctwin.protocol.MachineIds;
import org.cnctwin.protocol.Severity;
import org.cnctwin.protocol.TelemetrySample;
import org.cnctwin.twin.FleetRegistry;
import org.cnctwin.twin.MachineEstimate;
import org.cnctwin.twin.MachineTwin;

/**
 * The first routes of the twin's HTTP API, under {@code /api/v1}: the fleet (paged), one twin's
 * document, and acknowledging an alert; plus the live page at {@code /}. Errors are
 * {@code application/problem+json} (RFC 9457) naming what was wrong.
 */
public final class TwinRoutes extends AllDirectives {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
    private static final ContentType PROBLEM = ContentTypes.create(MediaTypes.applicationWithFixedCharset("problem+json", HttpCharsets.UTF_8));
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule()).registerModule(new Jdk8Module())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final ClusterSharding sharding;
    private final FleetRegistry registry;
    private final Executor callbacks;

    public TwinRoutes(ActorSystem<?> system, FleetRegistry registry) {
        this.sharding = ClusterSharding.get(system);
        this.registry = registry;
        this.callbacks = system.executionContext();
    }

    public Route routes() {
        return concat(
                pathSingleSlash(() -> get(() -> getFromResource("web/index.html", ContentTypes.TEXT_HTML_UTF8))),
                pathPrefix("api", () -> pathPrefix("v1", () -> pathPrefix("machines", () -> concat(
                        pathEndOrSingleSlash(() -> get(() -> parameterOptional("offset", offset -> parameterOptional("limit", limit ->
                                fleet(offset, limit))))),
                        pathPrefix(PathMatchers.segment(), machineId -> concat(
                                pathEnd(() -> get(() -> twin(machineId))),
                                path(PathMatchers.segment("alerts").slash(PathMatchers.segment()).slash("ack"), alertId ->
                                        post(() -> acknowledge(machineId, alertId))))))))));
    }

    private Route fleet(Optional<String> offsetText, Optional<String> limitText) {
        int offset;
        int limit;
        try {
            offset = integer("offset", offsetText, 0, 0, Integer.MAX_VALUE);
            limit = integer("limit", limitText, DEFAULT_LIMIT, 1, MAX_LIMIT);
        } catch (IllegalArgumentException e) {
            return problem(StatusCodes.BAD_REQUEST, "invalid query parameter", e.getMessage());
        }
        CompletionStage<ObjectNode> page = registry.machineIds().thenComposeAsync(ids -> {
            List<String> slice = new ArrayList<>(ids).subList(Math.min(offset, ids.size()), Math.min(ids.size(), offset + limit));
            List<CompletableFuture<ObjectNode>> summaries = slice.stream().map(id -> state(id).thenApplyAsync(TwinRoutes::summary, callbacks)
                    .toCompletableFuture()).toList();
            return CompletableFuture.allOf(summaries.toArray(CompletableFuture[]::new)).thenApplyAsync(nothing -> {
                ObjectNode body = JSON.createObjectNode();
                body.put("total", ids.size()).put("offset", offset).put("limit", limit);
                ArrayNode machines = body.putArray("machines");
                summaries.forEach(summary -> machines.add(summary.join()));
                return body;
            }, callbacks);
        }, callbacks);
        return onSuccess(page, body -> json(StatusCodes.OK, body));
    }

    private Route twin(String machineId) {
        if (!MachineIds.isValid(machineId)) {
            return problem(StatusCodes.BAD_REQUEST, "invalid machine id", "machine id \"" + machineId + "\": expected 1-64 of A-Z a-z 0-9 _ -");
        }
        return onSuccess(registry.machineIds(), ids -> ids.contains(machineId)
                ? onSuccess(state(machineId), state -> json(StatusCodes.OK, document(state)))
                : problem(StatusCodes.NOT_FOUND, "unknown machine", "no machine " + machineId + " has reported to this cluster"));
    }

    private Route acknowledge(String machineId, String alertId) {
        return entity(org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller.entityToString(), body -> {
            String acknowledgedBy = "operator";
            String note = "";
            if (!body.isBlank()) {
                try {
                    JsonNode request = JSON.readTree(body);
                    acknowledgedBy = request.path("acknowledgedBy").asText(acknowledgedBy);
                    note = request.path("note").asText("");
                } catch (JsonProcessingException e) {
                    return problem(StatusCodes.BAD_REQUEST, "invalid JSON body", "expected {\"acknowledgedBy\": \"...\", \"note\": \"...\"}: "
                            + e.getOriginalMessage());
                }
            }
            String by = acknowledgedBy;
            String why = note;
            CompletionStage<Optional<String>> outcome = sharding.entityRefFor(MachineTwin.ENTITY_TYPE_KEY, machineId)
                    .<Done>askWithStatus(replyTo -> new MachineTwin.AcknowledgeAlert(alertId, by, why, replyTo), ASK_TIMEOUT)
                    .handleAsync((done, failure) -> failure == null ? Optional.<String>empty() : Optional.of(rootMessage(failure)), callbacks);
            return onSuccess(outcome, error -> error.isEmpty()
                    ? complete(StatusCodes.NO_CONTENT)
                    : problem(StatusCodes.NOT_FOUND, "unknown alert", error.get()));
        });
    }

    private CompletionStage<MachineTwin.State> state(String machineId) {
        return sharding.entityRefFor(MachineTwin.ENTITY_TYPE_KEY, machineId).ask(MachineTwin.GetTwin::new, ASK_TIMEOUT);
    }

    /** The grid's line for one machine: what it does, how healthy it is, the tool in the spindle. */
    static ObjectNode summary(MachineTwin.State state) {
        ObjectNode line = JSON.createObjectNode();
        line.put("machineId", state.machineId()).put("health", health(state));
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

    /** The twin document: the state as it is, with its health. */
    static ObjectNode document(MachineTwin.State state) {
        ObjectNode document = JSON.valueToTree(state);
        document.put("health", health(state));
        return document;
    }

    /** The worst active alert decides: critical, warning, or ok. */
    static String health(MachineTwin.State state) {
        return state.activeAlerts().values().stream().map(MachineTwin.ActiveAlert::severity).max(Comparator.naturalOrder())
                .map(severity -> severity == Severity.INFO ? "ok" : severity.name().toLowerCase(java.util.Locale.ROOT)).orElse("ok");
    }

    private static int integer(String name, Optional<String> text, int fallback, int min, int max) {
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + ": expected " + min + " to " + max + ", was " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": expected a whole number, was \"" + text.get() + '"');
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    private Route json(StatusCode status, JsonNode body) {
        try {
            return complete(HttpResponse.create().withStatus(status)
                    .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, JSON.writeValueAsBytes(body))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** RFC 9457: type, title, status, detail. */
    private Route problem(StatusCode status, String title, String detail) {
        ObjectNode problem = JSON.createObjectNode().put("type", "about:blank").put("title", title).put("status", status.intValue())
                .put("detail", detail);
        try {
            return complete(HttpResponse.create().withStatus(status).withEntity(HttpEntities.create(PROBLEM, JSON.writeValueAsBytes(problem))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
