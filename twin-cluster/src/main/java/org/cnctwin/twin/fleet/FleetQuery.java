package org.cnctwin.twin.fleet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.cnctwin.protocol.ExecutionState;
import org.cnctwin.twin.CborSerializable;

/**
 * A fleet request: machines of a health and an execution state, one page in machine-id order.
 * Each slice finds its matches ({@link #matchesIn}) and the request merges them ({@link #page}):
 * the global first {@code offset + limit} are among each slice's first {@code offset + limit}.
 *
 * @param health ok, warning or critical; empty for any
 * @param executionState empty for any
 */
public record FleetQuery(Optional<String> health, Optional<ExecutionState> executionState, int offset, int limit) implements CborSerializable {

    /** How deep a request may page ({@code offset + limit}): each slice sends this many ids at most. */
    public static final int MAX_RESULT_WINDOW = 10_000;

    public FleetQuery {
        if (offset < 0 || limit < 1 || (long) offset + limit > MAX_RESULT_WINDOW) {
            throw new IllegalArgumentException("expected offset + limit of at most " + MAX_RESULT_WINDOW + " (narrow the fleet with health or "
                    + "executionState), was " + offset + " + " + limit);
        }
    }

    /** Asked of every machine of a slice for every request: no allocation. */
    public boolean matches(FleetEntry entry) {
        return (executionState.isEmpty() || executionState.get() == entry.executionState())
                && (health.isEmpty() || health.get().equals(entry.health()));
    }

    /**
     * One slice's part of the answer.
     *
     * @param matching how many of the slice's machines match
     * @param firstIds the ids of its first {@code offset + limit} matches, ascending
     */
    public record Matches(int slice, int matching, List<String> firstIds) implements CborSerializable {}

    /** @param entries a slice's entries in machine-id order */
    public Matches matchesIn(int slice, Collection<FleetEntry> entries) {
        int matching = 0;
        List<String> first = new ArrayList<>(Math.min(offset + limit, 256));
        for (FleetEntry entry : entries) {
            if (matches(entry)) {
                if (matching < offset + limit) {
                    first.add(entry.machineId());
                }
                matching++;
            }
        }
        return new Matches(slice, matching, first);
    }

    /** What a page holds: its machines' ids, and how many match in all. */
    public record Page(int total, List<String> machineIds) {}

    /** Every slice's matches merged: the page's ids in order, and the total. */
    public Page page(Collection<Matches> slices) {
        List<String> all = new ArrayList<>();
        int total = 0;
        for (Matches matches : slices) {
            all.addAll(matches.firstIds());
            total += matches.matching();
        }
        all.sort(null);
        return new Page(total, all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit)));
    }
}
