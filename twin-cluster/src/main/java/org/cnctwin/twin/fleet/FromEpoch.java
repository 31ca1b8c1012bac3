package org.cnctwin.twin.fleet;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.stream.javadsl.Source;
import org.cnctwin.twin.TwinEvent;

/**
 * A slice's events by tag, starting where its projection left off, or, before it has an offset,
 * at the read side's start ({@link FleetViewStore#epoch}) instead of the plugin's first bucket.
 */
final class FromEpoch extends SourceProvider<Offset, EventEnvelope<TwinEvent>> {

    private final SourceProvider<Offset, EventEnvelope<TwinEvent>> eventsByTag;
    private final Offset epoch;

    FromEpoch(SourceProvider<Offset, EventEnvelope<TwinEvent>> eventsByTag, Instant epoch) {
        this.eventsByTag = eventsByTag;
        this.epoch = Offset.timeBasedUUID(FleetViewStore.offsetAt(epoch));
    }

    @Override
    public CompletionStage<Source<EventEnvelope<TwinEvent>, NotUsed>> source(Supplier<CompletionStage<Optional<Offset>>> offset) {
        return eventsByTag.source(() -> offset.get().thenApply(stored -> stored.isPresent() ? stored : Optional.of(epoch)));
    }

    @Override
    public Offset extractOffset(EventEnvelope<TwinEvent> envelope) {
        return eventsByTag.extractOffset(envelope);
    }

    @Override
    public long extractCreationTime(EventEnvelope<TwinEvent> envelope) {
        return eventsByTag.extractCreationTime(envelope);
    }
}
