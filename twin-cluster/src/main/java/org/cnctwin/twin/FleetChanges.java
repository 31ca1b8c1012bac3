package org.cnctwin.twin;

import java.time.Instant;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * The fleet's news, cluster-wide: the read side publishes here when it has written an alert's
 * change (raised, acknowledged or cleared: the only things that change a machine's health) to the
 * fleet view, so a client that reads the fleet on this news finds the change there. Every node's
 * {@code /fleet/stream} subscribes. One topic actor per node; Pekko's receptionist joins them.
 */
public final class FleetChanges implements Extension {

    /**
     * @param event the alert's event: AlertRaised, AlertAcknowledged or AlertCleared
     * @param health the machine's health after it: ok, warning or critical
     * @param alert the alert as it is after the change (a cleared alert as it was)
     */
    public record FleetChange(String machineId, TwinEvent event, String health, TwinState.ActiveAlert alert, Instant at) implements CborSerializable {}

    private static final ExtensionId<FleetChanges> ID = new ExtensionId<>() {
        @Override
        public FleetChanges createExtension(ActorSystem<?> system) {
            return new FleetChanges(system.systemActorOf(Topic.create(FleetChange.class, "fleet-changes"), "fleet-changes", Props.empty()));
        }
    };

    private final ActorRef<Topic.Command<FleetChange>> topic;

    private FleetChanges(ActorRef<Topic.Command<FleetChange>> topic) {
        this.topic = topic;
    }

    public static FleetChanges get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    public void publish(FleetChange change) {
        topic.tell(Topic.publish(change));
    }

    /** Until {@code subscriber} stops: the topic watches it. */
    public void subscribe(ActorRef<FleetChange> subscriber) {
        topic.tell(Topic.subscribe(subscriber));
    }
}
