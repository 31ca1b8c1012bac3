package org.cnctwin.twin.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What {@code evaluate} writes (docs/detection.md): the twin's detection and forecasts judged
 * against the simulator's truth. The four first fields are the ones the project is judged by; the
 * others say how the run went.
 *
 * @param machineHours simulated machine-hours, all machines together
 * @param faults every injected fault that began in the run
 * @param falseAlarms every alert raised on a machine with no active fault
 * @param rul the remaining-life forecast's error at 30, 50, 70 and 90 % of every tool edge's true life
 * @param detectors the detectors that ran, as findings name them
 * @param alertsByDetector alerts raised per detector, all machines together
 * @param simulatedSecondsPerSecond how much faster than real time one machine ran (per thread)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record EvaluationReport(double machineHours, List<Fault> faults, List<FalseAlarm> falseAlarms, List<Rul> rul, List<String> detectors,
                               Map<String, Integer> alertsByDetector, int machines, long seed, double wallSeconds, double simulatedSecondsPerSecond) {

    /**
     * @param detectedAtS the first alert after onset that names the fault's signal, or null
     * @param code that alert's code, or null
     * @param detector the detector that raised it ({@code control}: the machine's own alarm), or null
     * @param failureAtS the first functional failure the truth shows after onset (a broken tool, a control alarm), or null
     */
    public record Fault(String machineId, String type, double severity, double onsetS, Double detectedAtS, String code, String detector,
                        Double failureAtS) {}

    public record FalseAlarm(String machineId, double atS, String code, String detector) {}

    /**
     * @param instance the edge (1 for the tool's first)
     * @param lifeFraction how much of the edge's true life was used when the forecast was read
     * @param errorFractionOfLife (forecast remaining − true remaining) / true life; positive: the forecast promised too much
     */
    public record Rul(String machineId, int toolNumber, int instance, double lifeFraction, double errorFractionOfLife) {}
}
