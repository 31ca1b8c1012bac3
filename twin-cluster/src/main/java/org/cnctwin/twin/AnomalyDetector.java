package org.cnctwin.twin;

import java.util.List;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.cnctwin.twin.detection.Detector;
import org.cnctwin.twin.detection.RuleDetector;

/**
 * A twin's anomaly-detector child: it hosts the twin's {@link Detector}s (one instance each, made
 * when the child starts, so a restarted child starts them afresh), gives each every observation and
 * sends what they find to the twin. The deciding is theirs; this only carries it.
 */
public final class AnomalyDetector {

    private AnomalyDetector() {}

    /** The detectors every twin runs. */
    static List<Detector> standardDetectors() {
        return List.of(new RuleDetector());
    }

    public static Behavior<Observation> create(ActorRef<MachineTwin.Command> twin) {
        return create(twin, AnomalyDetector::standardDetectors);
    }

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
