package org.cnctwin.twin;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.ORSet;
import org.apache.pekko.cluster.ddata.ORSetKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;

/**
 * Every machine the cluster has heard of, on every node: an ORSet of machine ids in Pekko
 * Distributed Data, added to by the ingest when a machine first speaks and read locally by the
 * HTTP API. Each node remembers what it has added, so a busy ingest writes an id once.
 */
public final class FleetRegistry {

    static final Key<ORSet<String>> MACHINE_IDS = ORSetKey.create("machine-ids");

    private final ActorSystem<?> system;
    private final ActorRef<Replicator.Command> replicator;
    private final SelfUniqueAddress node;
    private final Set<String> registeredHere = ConcurrentHashMap.newKeySet();

    public FleetRegistry(ActorSystem<?> system) {
        this.system = system;
        this.replicator = DistributedData.get(system).replicator();
        this.node = DistributedData.get(system).selfUniqueAddress();
    }

    public void register(String machineId) {
        if (registeredHere.add(machineId)) {
            replicator.tell(new Replicator.Update<>(MACHINE_IDS, ORSet.empty(), Replicator.writeLocal(), system.ignoreRef(),
                    machines -> machines.add(node, machineId)));
        }
    }

    /** The ids this node knows, sorted; gossip brings the other nodes' within seconds. */
    public CompletionStage<Set<String>> machineIds() {
        return AskPattern.<Replicator.Command, Replicator.GetResponse<ORSet<String>>>ask(replicator,
                        replyTo -> new Replicator.Get<>(MACHINE_IDS, Replicator.readLocal(), replyTo), Duration.ofSeconds(5), system.scheduler())
                .thenApplyAsync(response -> response instanceof Replicator.GetSuccess<ORSet<String>> found
                        ? new TreeSet<>(found.get(MACHINE_IDS).getElements())
                        : new TreeSet<>(), system.executionContext());
    }
}
