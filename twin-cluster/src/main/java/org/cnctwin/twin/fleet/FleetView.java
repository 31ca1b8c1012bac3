package org.cnctwin.twin.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.pattern.Patterns;
import org.cnctwin.twin.metrics.TwinMetrics;

/**
 * The read side's fleet view, as the API asks it: a page of machines by health and execution
 * state, and whether a machine is known, answered by the {@link FleetSlice}s (in memory, wherever
 * they run) and never by a twin. A slice that does not answer in time (it is loading, or moving
 * to another node) is read from its Cassandra partition instead, with the same query.
 */
public final class FleetView {

    /** How many entries one message from a slice carries at most, so it stays far below Artery's frame size. */
    static final int ENTRIES_PER_MESSAGE = 100;

    /** A page of the fleet: the entries of the page's machines, in id order, and how many machines match in all. */
    public record Result(int total, List<FleetEntry> entries) {}

    private final ActorSystem<?> system;
    private final FleetViewStore store;
    private final ReadSideSettings settings;
    private final FleetTags tags;
    private final TwinMetrics metrics;
    /** Where each slice runs now, as the receptionist last said. */
    private final Map<Integer, Set<ActorRef<FleetSlice.Command>>> slices = new ConcurrentHashMap<>();

    private FleetView(ActorSystem<?> system, FleetViewStore store, ReadSideSettings settings) {
        this.system = system;
        this.store = store;
        this.settings = settings;
        this.tags = FleetTags.get(system);
        this.metrics = TwinMetrics.get(system);
    }

    /**
     * Prepares the read side (its tables when the node creates its schema, its start) and runs the
     * slices as a sharded daemon process. Call after the twins' sharding: the keyspace exists then.
     */
    public static FleetView start(ActorSystem<?> system) throws Exception {
        ReadSideSettings settings = ReadSideSettings.fromConfig(system.settings().config());
        FleetViewStore store = new FleetViewStore(system, settings.keyspace());
        // Nodes that start together race for the schema and the epoch's lightweight transaction: each step is tried again.
        if (settings.createTables()) {
            retried(system, () -> store.createTables(system)).toCompletableFuture().get(3, TimeUnit.MINUTES);
        }
        Instant epoch = retried(system, store::epoch).toCompletableFuture().get(2, TimeUnit.MINUTES);
        FleetView view = new FleetView(system, store, settings);
        view.followSlices();
        ShardedDaemonProcess.get(system).init(FleetSlice.Command.class, "fleet-view", settings.slices(),
                slice -> FleetSlice.create(slice, store, epoch, settings), new FleetSlice.Stop());
        system.log().info("Fleet view: {} slices, events read since {}", settings.slices(), epoch);
        return view;
    }

    private static <T> CompletionStage<T> retried(ActorSystem<?> system, java.util.concurrent.Callable<CompletionStage<T>> attempt) {
        return Patterns.retry(attempt, 5, Duration.ofSeconds(2), system.classicSystem().scheduler(), system.executionContext());
    }

    /** Keeps {@link #slices} as the receptionist lists them. */
    private void followSlices() {
        for (int slice = 0; slice < settings.slices(); slice++) {
            int index = slice;
            ActorRef<Receptionist.Listing> listener = system.systemActorOf(Behaviors.<Receptionist.Listing>receiveMessage(listing -> {
                slices.put(index, Set.copyOf(listing.getServiceInstances(FleetSlice.key(index))));
                return Behaviors.same();
            }), "fleet-view-slice-" + slice + "-listing", Props.empty());
            system.receptionist().tell(Receptionist.subscribe(FleetSlice.key(slice), listener));
        }
    }

    /** One page of machines matching {@code query}. */
    public CompletionStage<Result> page(FleetQuery query) {
        List<CompletableFuture<SliceAnswer>> answers = new ArrayList<>();
        for (int slice = 0; slice < settings.slices(); slice++) {
            answers.add(matches(slice, query).toCompletableFuture());
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).thenCompose(all -> {
            Map<Integer, SliceAnswer> bySlice = new HashMap<>();
            answers.forEach(answer -> bySlice.put(answer.join().matches().slice(), answer.join()));
            FleetQuery.Page page = query.page(bySlice.values().stream().map(SliceAnswer::matches).toList());
            return entries(page.machineIds(), bySlice).thenApply(entries -> new Result(page.total(), entries));
        });
    }

    /** Whether the fleet view has seen an event of {@code machineId}. */
    public CompletionStage<Boolean> knows(String machineId) {
        int slice = tags.sliceOf(machineId);
        Optional<ActorRef<FleetSlice.Command>> running = runningSlice(slice);
        if (running.isEmpty()) {
            return findInStore(slice, machineId);
        }
        return AskPattern.<FleetSlice.Command, Boolean>ask(running.get(), replyTo -> new FleetSlice.Knows(machineId, replyTo),
                        settings.queryTimeout(), system.scheduler())
                .exceptionallyCompose(failure -> findInStore(slice, machineId));
    }

    /** A slice's matches, and who gave them: the slice, or (null) its partition read from Cassandra, with its entries. */
    private record SliceAnswer(FleetQuery.Matches matches, ActorRef<FleetSlice.Command> from, Map<String, FleetEntry> loaded) {}

    private CompletionStage<SliceAnswer> matches(int slice, FleetQuery query) {
        Optional<ActorRef<FleetSlice.Command>> running = runningSlice(slice);
        if (running.isEmpty()) {
            return fromStore(slice, query);
        }
        return AskPattern.<FleetSlice.Command, FleetQuery.Matches>ask(running.get(), replyTo -> new FleetSlice.FindMatches(query, replyTo),
                        settings.queryTimeout(), system.scheduler())
                .thenApply(matches -> new SliceAnswer(matches, running.get(), Map.of()))
                .exceptionallyCompose(failure -> fromStore(slice, query));
    }

    private CompletionStage<SliceAnswer> fromStore(int slice, FleetQuery query) {
        return loadFromStore(slice).thenApply(entries -> {
            Map<String, FleetEntry> byId = new HashMap<>();
            entries.forEach(entry -> byId.put(entry.machineId(), entry));
            return new SliceAnswer(query.matchesIn(slice, entries), null, byId);
        });
    }

    /** A slice that did not answer, read from its partition: counted, as it should be rare. */
    private CompletionStage<List<FleetEntry>> loadFromStore(int slice) {
        metrics.fleetViewReadFromStore();
        return store.load(slice);
    }

    private CompletionStage<Boolean> findInStore(int slice, String machineId) {
        metrics.fleetViewReadFromStore();
        return store.find(slice, machineId).thenApply(Optional::isPresent);
    }

    private Optional<ActorRef<FleetSlice.Command>> runningSlice(int slice) {
        return slices.getOrDefault(slice, Set.of()).stream().findFirst();
    }

    /** The page's entries in its order: from the slices that answered, a message per {@link #ENTRIES_PER_MESSAGE}, or from what was read. */
    private CompletionStage<List<FleetEntry>> entries(List<String> machineIds, Map<Integer, SliceAnswer> bySlice) {
        Map<Integer, List<String>> idsBySlice = new HashMap<>();
        machineIds.forEach(id -> idsBySlice.computeIfAbsent(tags.sliceOf(id), slice -> new ArrayList<>()).add(id));
        List<CompletableFuture<List<FleetEntry>>> parts = new ArrayList<>();
        idsBySlice.forEach((slice, ids) -> {
            SliceAnswer answer = bySlice.get(slice);
            if (answer.from() == null) {
                parts.add(CompletableFuture.completedFuture(ids.stream().map(answer.loaded()::get).toList()));
                return;
            }
            for (int from = 0; from < ids.size(); from += ENTRIES_PER_MESSAGE) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + ENTRIES_PER_MESSAGE));
                parts.add(AskPattern.<FleetSlice.Command, FleetSlice.Entries>ask(answer.from(), replyTo -> new FleetSlice.GetEntries(chunk, replyTo),
                                settings.queryTimeout(), system.scheduler())
                        .thenApply(FleetSlice.Entries::entries)
                        .exceptionallyCompose(failure -> loadFromStore(slice)
                                .thenApply(all -> all.stream().filter(entry -> chunk.contains(entry.machineId())).toList()))
                        .toCompletableFuture());
            }
        });
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(all -> {
            Map<String, FleetEntry> found = new HashMap<>();
            parts.forEach(part -> part.join().forEach(entry -> found.put(entry.machineId(), entry)));
            return machineIds.stream().map(found::get).filter(Objects::nonNull).toList();
        });
    }
}
