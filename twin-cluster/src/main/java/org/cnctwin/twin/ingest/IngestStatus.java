package org.cnctwin.twin.ingest;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * Where this node's MQTT ingest is, for the readiness check ({@link IngestReadiness}): a node is
 * ready for traffic once the broker has acknowledged every subscription of its ingest, and stops
 * being ready when it begins to drain on its way down.
 */
public final class IngestStatus implements Extension {

    private enum Phase { NOT_SUBSCRIBED, SUBSCRIBED, DRAINING }

    private static final ExtensionId<IngestStatus> ID = new ExtensionId<>() {
        @Override
        public IngestStatus createExtension(ActorSystem<?> system) {
            return new IngestStatus();
        }
    };

    private volatile Phase phase = Phase.NOT_SUBSCRIBED;

    private IngestStatus() {}

    public static IngestStatus get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    void subscribed() {
        if (phase == Phase.NOT_SUBSCRIBED) {
            phase = Phase.SUBSCRIBED;
        }
    }

    void draining() {
        phase = Phase.DRAINING;
    }

    /** Why the node is not ready, or null when it is. */
    public String notReadyBecause() {
        return switch (phase) {
            case NOT_SUBSCRIBED -> "the MQTT ingest has not been subscribed yet";
            case DRAINING -> "the MQTT ingest is draining: the node is shutting down";
            case SUBSCRIBED -> null;
        };
    }
}
