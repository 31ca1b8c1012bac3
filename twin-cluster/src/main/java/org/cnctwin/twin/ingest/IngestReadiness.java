package org.cnctwin.twin.ingest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * A readiness check of Pekko Management ({@code pekko.management.health-checks.readiness-checks.ingest}):
 * ready once the broker has acknowledged the ingest's subscriptions, not ready again once the
 * node drains. It fails with the reason, which {@code /ready} shows.
 */
public final class IngestReadiness implements Supplier<CompletionStage<Boolean>> {

    private final IngestStatus status;

    /** Pekko Management makes the check with the node's (classic) actor system. */
    public IngestReadiness(ActorSystem system) {
        this.status = IngestStatus.get(Adapter.toTyped(system));
    }

    @Override
    public CompletionStage<Boolean> get() {
        String reason = status.notReadyBecause();
        return reason == null ? CompletableFuture.completedFuture(true) : CompletableFuture.failedFuture(new IllegalStateException(reason));
    }
}
