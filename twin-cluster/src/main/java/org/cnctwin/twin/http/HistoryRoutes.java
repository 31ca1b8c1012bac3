package org.cnctwin.twin.http;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.javadsl.CurrentEventsByPersistenceIdQuery;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.stream.javadsl.Sink;
import org.cnctwin.twin.MachineTwin;
import org.cnctwin.twin.TwinEvent;
import org.cnctwin.twin.api.EventType;
import org.cnctwin.twin.api.HistoryEvent;
import org.cnctwin.twin.api.HistoryPage;

/**
 * A twin's history ({@code getMachineHistory}), read from its journal by time and type, a page at
 * a time. One request reads at most {@code history-scan-limit} events, so a filter that matches
 * rarely cannot make it read a machine's whole life; {@code next.after} says where to go on.
 */
final class HistoryRoutes extends AllDirectives {

    private final ActorSystem<?> system;
    private final CurrentEventsByPersistenceIdQuery journal;
    private final int scanLimit;

    HistoryRoutes(ActorSystem<?> system, CurrentEventsByPersistenceIdQuery journal, int scanLimit) {
        this.system = system;
        this.journal = journal;
        this.scanLimit = scanLimit;
    }

    Route history(String machineId) {
        return parameterOptional("from", fromText -> parameterOptional("to", toText -> parameterOptional("types", typesText ->
                parameterOptional("after", afterText -> parameterOptional("limit", limitText -> {
                    Instant from;
                    Instant to;
                    Set<EventType> types;
                    long after;
                    int limit;
                    try {
                        from = QueryParameters.instant("from", fromText, Instant.MIN);
                        to = QueryParameters.instant("to", toText, Instant.MAX);
                        types = types(typesText);
                        after = QueryParameters.integer("after", afterText, 0, 0, Integer.MAX_VALUE);
                        limit = QueryParameters.integer("limit", limitText, FleetRoutes.DEFAULT_LIMIT, 1, FleetRoutes.MAX_LIMIT);
                    } catch (QueryParameters.BadParameter e) {
                        return Responses.problem(StatusCodes.BAD_REQUEST, "invalid query parameter", e.getMessage(), e.parameter);
                    }
                    return page(machineId, from, to, types, after, limit);
                })))));
    }

    private static Set<EventType> types(Optional<String> text) {
        if (text.isEmpty()) {
            return EnumSet.allOf(EventType.class);
        }
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        for (String name : text.get().split(",")) {
            types.add(EventType.named(name).orElseThrow(() -> new QueryParameters.BadParameter("types", "unknown event type \"" + name
                    + "\"; expected some of " + EnumSet.allOf(EventType.class).stream().map(type -> type.apiName).toList())));
        }
        return types;
    }

    private Route page(String machineId, Instant from, Instant to, Set<EventType> types, long after, int limit) {
        AtomicLong lastRead = new AtomicLong(after);
        AtomicLong read = new AtomicLong();
        AtomicBoolean reachedTo = new AtomicBoolean();
        String persistenceId = PersistenceId.of(MachineTwin.ENTITY_TYPE_KEY.name(), machineId).id();
        CompletionStage<List<EventEnvelope>> page = journal.currentEventsByPersistenceId(persistenceId, after + 1, Long.MAX_VALUE)
                .take(scanLimit)
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
                        && types.contains(EventType.of((TwinEvent) envelope.event())))
                .take(limit)
                .runWith(Sink.seq(), system);
        return onSuccess(page, envelopes -> {
            List<HistoryEvent> events = envelopes.stream().map(envelope -> HistoryEvent.of(envelope.sequenceNr(),
                    Instant.ofEpochMilli(envelope.timestamp()), (TwinEvent) envelope.event())).toList();
            boolean more = !reachedTo.get() && (events.size() == limit || read.get() == scanLimit);
            HistoryPage.Next next = more ? new HistoryPage.Next(events.size() == limit ? events.get(events.size() - 1).sequenceNr() : lastRead.get())
                    : null;
            return Responses.json(StatusCodes.OK, new HistoryPage(events, next));
        });
    }
}
