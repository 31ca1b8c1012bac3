package org.cnctwin.twin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.cnctwin.machine.physics.VibrationSeverity;
import org.cnctwin.machine.sim.MachineSpec;
import org.cnctwin.protocol.Alert;
import org.cnctwin.protocol.Severity;
import org.cnctwin.protocol.TelemetrySample;

/**
 * A twin's rule-based anomaly detector: ISO 10816 vibration zones for the machine's class,
 * spindle temperature and load limits, and the control's own alarm codes. Each limit raises after
 * it has been exceeded for a number of consecutive samples and clears only below a lower level
 * for a number of samples (hysteresis), so a value hovering at its threshold gives one alert,
 * not hundreds. Statistical and learned detectors plug in beside it as further children.
 */
public final class AnomalyDetector {

    static final String SOURCE = "rules";
    static final String ALARM_PREFIX = "ALARM_";

    private AnomalyDetector() {}

    /**
     * One limit on one signal.
     *
     * @param samplesToRaise consecutive samples above {@code raiseAbove} before the alert
     * @param samplesToClear consecutive samples below {@code clearBelow} before it ends
     */
    record Limit(String code, Severity severity, String signal, String unit, ToDoubleFunction<TelemetrySample> value, double raiseAbove,
                 double clearBelow, int samplesToRaise, int samplesToClear) {}

    /** Spindle bearing temperature that asks for attention before the control's own overheat stop at 70 °C. */
    static final double SPINDLE_TEMP_LIMIT_C = 60;
    static final double SPINDLE_LOAD_LIMIT_PERCENT = 100;

    /** The limits for a machine: vibration zones by its ISO 10816-1 class, temperature and load. */
    static List<Limit> limitsFor(MachineSpec spec) {
        VibrationSeverity.MachineClass zones = spec.vibrationClass();
        return List.of(
                new Limit("VIBRATION_ZONE_C", Severity.WARNING, "vibrationRmsMmPerS", "mm/s", TelemetrySample::vibrationRmsMmPerS,
                        zones.bcMmPerS, 0.9 * zones.bcMmPerS, 20, 50),
                new Limit("VIBRATION_ZONE_D", Severity.CRITICAL, "vibrationRmsMmPerS", "mm/s", TelemetrySample::vibrationRmsMmPerS,
                        zones.cdMmPerS, 0.9 * zones.cdMmPerS, 10, 50),
                new Limit("SPINDLE_TEMPERATURE", Severity.WARNING, "spindleTempC", "°C", TelemetrySample::spindleTempC,
                        SPINDLE_TEMP_LIMIT_C, SPINDLE_TEMP_LIMIT_C - 5, 10, 50),
                new Limit("SPINDLE_OVERLOAD", Severity.WARNING, "spindleLoadPercent", "%", TelemetrySample::spindleLoadPercent,
                        SPINDLE_LOAD_LIMIT_PERCENT, 0.9 * SPINDLE_LOAD_LIMIT_PERCENT, 10, 30));
    }

    public static Behavior<Observation> create(ActorRef<MachineTwin.Command> twin) {
        return Behaviors.setup(context -> {
            Map<String, Integer> runs = new HashMap<>(); // consecutive samples on the other side of the limit
            Set<String> raised = new HashSet<>();
            Set<String> alarmsRaised = new HashSet<>();
            return Behaviors.receiveMessage(observation -> {
                List<Finding> findings = new ArrayList<>();
                List<Limit> limits = limitsFor(observation.configuration().spec());
                for (TelemetrySample sample : observation.samples()) {
                    for (Limit limit : limits) {
                        check(limit, sample, runs, raised, observation.activeAlertCodes(), findings);
                    }
                    checkAlarms(sample, alarmsRaised, observation.activeAlertCodes(), findings);
                }
                findings.forEach(finding -> twin.tell(new MachineTwin.ReportFinding(finding)));
                return Behaviors.same();
            });
        });
    }

    private static void check(Limit limit, TelemetrySample sample, Map<String, Integer> runs, Set<String> raised, Set<String> activeInTwin,
                              List<Finding> findings) {
        double value = limit.value().applyAsDouble(sample);
        boolean active = raised.contains(limit.code()) || activeInTwin.contains(limit.code());
        boolean beyond = active ? value < limit.clearBelow() : value > limit.raiseAbove();
        int run = beyond ? runs.merge(limit.code(), 1, Integer::sum) : 0;
        runs.put(limit.code(), run);
        if (!active && run >= limit.samplesToRaise()) {
            raised.add(limit.code());
            runs.put(limit.code(), 0);
            findings.add(new Finding.AnomalyStarted(limit.code(), limit.severity(), SOURCE,
                    String.format(java.util.Locale.ROOT, "%s %.2f %s above %.2f for %d samples", limit.signal(), value, limit.unit(), limit.raiseAbove(),
                            limit.samplesToRaise()),
                    List.of(new Alert.Evidence(limit.signal(), value, limit.raiseAbove(), limit.unit()))));
        } else if (active && run >= limit.samplesToClear()) {
            raised.remove(limit.code());
            runs.put(limit.code(), 0);
            findings.add(new Finding.AnomalyEnded(limit.code(),
                    String.format(java.util.Locale.ROOT, "%s back below %.2f %s", limit.signal(), limit.clearBelow(), limit.unit())));
        }
    }

    /** The control's alarms: one alert per code while the machine reports it. */
    private static void checkAlarms(TelemetrySample sample, Set<String> alarmsRaised, Set<String> activeInTwin, List<Finding> findings) {
        for (String active : activeInTwin) {
            if (active.startsWith(ALARM_PREFIX)) {
                alarmsRaised.add(active.substring(ALARM_PREFIX.length())); // raised before this detector started
            }
        }
        for (String code : sample.activeAlarmCodes()) {
            if (alarmsRaised.add(code)) {
                findings.add(new Finding.AnomalyStarted(ALARM_PREFIX + code, Severity.CRITICAL, "control", "the control reports alarm " + code,
                        List.of()));
            }
        }
        for (var iterator = alarmsRaised.iterator(); iterator.hasNext(); ) {
            String code = iterator.next();
            if (!sample.activeAlarmCodes().contains(code)) {
                iterator.remove();
                findings.add(new Finding.AnomalyEnded(ALARM_PREFIX + code, "the control cleared alarm " + code));
            }
        }
    }
}
