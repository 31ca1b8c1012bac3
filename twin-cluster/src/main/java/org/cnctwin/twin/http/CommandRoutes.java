package org.cnctwin.twin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.pattern.StatusReply;
import org.cnctwin.protocol.InvalidMessageException;
import org.cnctwin.protocol.MachineCommand;
import org.cnctwin.protocol.MachineEvent;
import org.cnctwin.protocol.ProtocolCodec;
import org.cnctwin.protocol.Topics;
import org.cnctwin.twin.MachineConfiguration;
import org.cnctwin.twin.MachineTwin;
import org.cnctwin.twin.api.CommandSent;
import org.cnctwin.twin.api.Configuration;
import scala.concurrent.ExecutionContextExecutor;

/**
 * What operators tell a machine or its twin: acknowledge an alert, record maintenance, configure
 * the twin, and inject or clear a fault (a command on the machine's MQTT topic). Each body is
 * checked before anything is sent; a twin's refusal comes back with its reason.
 */
final class CommandRoutes extends AllDirectives {

    private final ClusterSharding sharding;
    private final Function<MachineCommand, CompletionStage<Done>> commands;
    private final ExecutionContextExecutor callbacks;
    private final ProtocolCodec codec = new ProtocolCodec();

    /** @param commands sends a command to its machine's MQTT command topic */
    CommandRoutes(ActorSystem<?> system, Function<MachineCommand, CompletionStage<Done>> commands) {
        this.sharding = ClusterSharding.get(system);
        this.commands = commands;
        this.callbacks = system.executionContext();
    }

    Route acknowledge(String machineId, String alertId) {
        return entity(Unmarshaller.entityToString(), body -> {
            String acknowledgedBy = "operator";
            String note = "";
            if (!body.isBlank()) {
                try {
                    JsonNode request = Responses.JSON.readTree(body);
                    acknowledgedBy = request.path("acknowledgedBy").asText(acknowledgedBy);
                    note = request.path("note").asText("");
                } catch (JsonProcessingException e) {
                    return Responses.problem(StatusCodes.BAD_REQUEST, "invalid JSON body",
                            "expected {\"acknowledgedBy\": \"...\", \"note\": \"...\"}: " + e.getOriginalMessage(), "$");
                }
            }
            String by = acknowledgedBy;
            String why = note;
            return replied(machineId, replyTo -> new MachineTwin.AcknowledgeAlert(alertId, by, why, replyTo), StatusCodes.NOT_FOUND, "unknown alert");
        });
    }

    Route maintenance(String machineId) {
        return entity(Unmarshaller.entityToByteArray(), body -> {
            MachineEvent.MaintenancePerformed work;
            try {
                work = codec.decodeMaintenance(body);
            } catch (InvalidMessageException e) {
                return Responses.problem(StatusCodes.BAD_REQUEST, "invalid maintenance report", e.getMessage(), e.path());
            }
            return replied(machineId, replyTo -> new MachineTwin.RecordMaintenance(work.action(), work.toolNumber(), work.performedBy(), work.note(),
                    replyTo), StatusCodes.BAD_REQUEST, "maintenance not recorded");
        });
    }

    Route configure(String machineId) {
        return entity(Unmarshaller.entityToByteArray(), body -> {
            MachineConfiguration configuration;
            try {
                configuration = Responses.JSON.readValue(body, Configuration.class).toMachineConfiguration();
            } catch (InvalidMessageException e) {
                return Responses.problem(StatusCodes.BAD_REQUEST, "invalid configuration", e.getMessage(), e.path());
            } catch (JsonMappingException e) {
                String field = "$" + e.getPath().stream().map(reference -> reference.getFieldName() != null ? "." + reference.getFieldName()
                        : "[" + reference.getIndex() + "]").collect(Collectors.joining());
                return Responses.problem(StatusCodes.BAD_REQUEST, "invalid configuration", field + ": " + withoutJacksonDetail(e.getOriginalMessage()),
                        field);
            } catch (IOException e) {
                return Responses.problem(StatusCodes.BAD_REQUEST, "invalid configuration", "malformed JSON: " + e.getMessage(), "$");
            }
            return replied(machineId, replyTo -> new MachineTwin.Configure(configuration, replyTo), StatusCodes.BAD_REQUEST, "not configured");
        });
    }

    Route fault(String machineId) {
        return entity(Unmarshaller.entityToByteArray(), body -> {
            MachineCommand.Action action;
            try {
                action = codec.decodeAction(body);
                if (!(action instanceof MachineCommand.InjectFault || action instanceof MachineCommand.ClearFault)) {
                    throw new InvalidMessageException("$.type", "expected InjectFault or ClearFault, was " + action.getClass().getSimpleName());
                }
            } catch (InvalidMessageException e) {
                return Responses.problem(StatusCodes.BAD_REQUEST, "invalid fault command", e.getMessage(), e.path());
            }
            MachineCommand command = new MachineCommand(ProtocolCodec.SCHEMA_VERSION, UUID.randomUUID().toString(), machineId, Instant.now(), action);
            return onSuccess(failureOf(commands.apply(command)), failure -> failure.isEmpty()
                    ? Responses.json(StatusCodes.ACCEPTED, new CommandSent(command.commandId(), Topics.commands(machineId)))
                    : Responses.problem(StatusCodes.SERVICE_UNAVAILABLE, "command not sent", failure.get(), null));
        });
    }

    /** Asks the twin; 204 on success, {@code refused} with the twin's reason on its error. */
    private Route replied(String machineId, Function<ActorRef<StatusReply<Done>>, MachineTwin.Command> command, StatusCode refused, String title) {
        CompletionStage<Done> outcome = sharding.entityRefFor(MachineTwin.ENTITY_TYPE_KEY, machineId)
                .askWithStatus(replyTo -> command.apply(replyTo), Responses.ASK_TIMEOUT);
        return onSuccess(failureOf(outcome), error -> error.isEmpty() ? complete(StatusCodes.NO_CONTENT)
                : Responses.problem(refused, title, error.get(), null));
    }

    /** Empty when {@code work} succeeded, else why it failed: a route answers either way. */
    private CompletionStage<Optional<String>> failureOf(CompletionStage<?> work) {
        return work.handleAsync((done, failure) -> failure == null ? Optional.<String>empty() : Optional.of(Responses.rootMessage(failure)), callbacks);
    }

    /** Jackson names its own classes in some messages; the caller needs only the problem. */
    private static String withoutJacksonDetail(String message) {
        int detail = message.indexOf(" (for ");
        String trimmed = detail < 0 ? message : message.substring(0, detail);
        int location = trimmed.indexOf("\n at [Source");
        return location < 0 ? trimmed : trimmed.substring(0, location);
    }
}
