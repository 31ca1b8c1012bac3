package org.cnctwin.twin.fleet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentNavigableMap;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;
import org.cnctwin.protocol.MachineIds;
import org.cnctwin.twin.FleetChanges;
import org.cnctwin.twin.TwinEvent;
import org.cnctwin.twin.TwinState;
import org.cnctwin.twin.metrics.TwinMetrics;

/**
 * Applies a group of a slice's events to its fleet entries, writes the entries that changed, and
 * only then makes them what the slice answers with and announces their alert changes. The
 * projection saves its offset after this completes (at least once); an event delivered again
 * changes nothing ({@link FleetEntry#apply}), so a replayed group writes the same rows again.
 */
final class FleetViewHandler extends Handler<List<EventEnvelope<TwinEvent>>> {

    private final int slice;
    private final ConcurrentNavigableMap<String, FleetEntry> entries;
    private final FleetViewStore store;
    private final TwinMetrics metrics;
    private final FleetChanges changes;

    /** @param entries the slice's entries: written only here, read by the slice's queries */
    FleetViewHandler(int slice, ConcurrentNavigableMap<String, FleetEntry> entries, FleetViewStore store, TwinMetrics metrics, FleetChanges changes) {
        this.slice = slice;
        this.entries = entries;
        this.store = store;
        this.metrics = metrics;
        this.changes = changes;
    }

    @Override
    public CompletionStage<Done> process(List<EventEnvelope<TwinEvent>> envelopes) {
        Map<String, FleetEntry> changed = new LinkedHashMap<>();
        List<FleetChanges.FleetChange> alertChanges = new ArrayList<>();
        for (EventEnvelope<TwinEvent> envelope : envelopes) {
            String machineId = machineIdOf(envelope.persistenceId());
            if (machineId == null) {
                continue; // not a machine's twin (the journal warm-up's is never tagged, but a stray tag must not reach the view)
            }
            FleetEntry before = changed.getOrDefault(machineId, entries.getOrDefault(machineId, FleetEntry.empty(machineId)));
            FleetEntry after = before.apply(envelope.sequenceNr(), envelope.event());
            if (after == before) {
                continue;
            }
            changed.put(machineId, after);
            alertOf(envelope.event(), before, after).ifPresent(alert -> alertChanges.add(new FleetChanges.FleetChange(machineId, envelope.event(),
                    after.health(), alert, after.updatedAt())));
        }
        CompletionStage<Done> written = changed.isEmpty() ? CompletableFuture.completedFuture(Done.getInstance())
                : store.save(slice, List.copyOf(changed.values()));
        return written.thenApply(done -> {
            entries.putAll(changed);
            alertChanges.forEach(changes::publish);
            Instant now = Instant.now();
            envelopes.forEach(envelope -> metrics.fleetViewEventApplied(now.toEpochMilli() - envelope.timestamp()));
            return done;
        });
    }

    /** The alert an alert event is about, as it is after it (a cleared one as it was); empty for other events. */
    private static Optional<TwinState.ActiveAlert> alertOf(TwinEvent event, FleetEntry before, FleetEntry after) {
        String alertId = event instanceof TwinEvent.AlertRaised raised ? raised.alertId()
                : event instanceof TwinEvent.AlertAcknowledged acknowledged ? acknowledged.alertId()
                : event instanceof TwinEvent.AlertCleared cleared ? cleared.alertId() : null;
        if (alertId == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(after.activeAlerts().getOrDefault(alertId, before.activeAlerts().get(alertId)));
    }

    /** {@code MachineTwin|cnc-001} → {@code cnc-001}; null when it is no machine's. */
    static String machineIdOf(String persistenceId) {
        int separator = persistenceId.indexOf('|');
        String entityId = separator < 0 ? persistenceId : persistenceId.substring(separator + 1);
        return MachineIds.isValid(entityId) ? entityId : null;
    }
}
