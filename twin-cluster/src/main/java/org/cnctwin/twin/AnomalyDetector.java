package org.cnctwin.twin;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.cnctwin.twin.detection.Detector;
import org.cnctwin.twin.detection.RuleDetector;
import org.cnctwin.twin.detection.ZScoreDetector;

/** A twin's anomaly-detector child: the {@link DetectorHost} of its anomaly detectors. */
public final class AnomalyDetector {

    private AnomalyDetector() {}

    /** The anomaly detectors every twin runs, new for each twin. */
    public static List<Detector> standardDetectors() {
        return List.of(new RuleDetector(), new ZScoreDetector());
    }

    public static Behavior<Observation> create(ActorRef<MachineTwin.Command> twin) {
        return DetectorHost.create(twin, AnomalyDetector::standardDetectors);
    }
}
