package org.cnctwin.twin.detection;

import java.util.List;
import org.cnctwin.twin.Finding;
import org.cnctwin.twin.Observation;

/**
 * One way of finding anomalies in one machine's telemetry: an observation (a persisted batch, the
 * twin's estimate and configuration, the alerts it holds) in, findings out. Plain Java with the
 * detector's own memory in the instance, one instance per twin, so each is tested as a function
 * without actors or timing; the twin's anomaly-detector child ({@code AnomalyDetector}) hosts a list
 * of them and sends their findings to the twin.
 */
public interface Detector {

    /** What findings name as their source: {@code rules}, {@code zscore}, ... */
    String name();

    List<Finding> observe(Observation observation);
}
