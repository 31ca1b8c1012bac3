package org.cnctwin.twin;

import java.time.Duration;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * How a twin makes its two children, each given the twin to report its {@link Finding}s to.
 * Production uses {@link #standard()}; a test passes behaviours that forward to TestKit probes
 * (docs/testing.md).
 */
public record TwinChildren(Function<ActorRef<MachineTwin.Command>, Behavior<Observation>> detector,
                           Function<ActorRef<MachineTwin.Command>, Behavior<Observation>> planner) {

    public static TwinChildren standard() {
        return new TwinChildren(AnomalyDetector::create, MaintenancePlanner::create);
    }

    /** One strategy object for every child of every twin: it holds no state, and 100,000 twins made 200,000 of it. */
    private static final SupervisorStrategy RESTARTS = SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2);

    /** A child that fails starts again: losing a detector's memory is better than losing the twin. */
    static Behavior<Observation> supervised(Behavior<Observation> child) {
        return Behaviors.supervise(child).onFailure(RESTARTS);
    }
}
