package org.cnctwin.twin;

import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.cnctwin.twin.detection.Detector;

/**
 * What a twin's children are: each hosts a list of {@link Detector}s (made when the child starts, so
 * a restarted child starts them afresh), gives each every observation and sends what they find to
 * the twin. The deciding is theirs; a child only carries it.
 */
public final class DetectorHost {

    private DetectorHost() {}

    public static Behavior<Observation> create(ActorRef<MachineTwin.Command> twin, Supplier<List<Detector>> detectors) {
        return Behaviors.setup(context -> {
            List<Detector> running = List.copyOf(detectors.get());
            return Behaviors.receiveMessage(observation -> {
                for (Detector detector : running) {
                    detector.observe(observation).forEach(finding -> twin.tell(new MachineTwin.ReportFinding(finding)));
                }
                return Behaviors.same();
            });
        });
    }
}
