package org.cnctwin.twin.detection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.cnctwin.machine.physics.VibrationSeverity;
import org.cnctwin.machine.sim.MachineSpec;
import org.cnctwin.protocol.Alert;
import org.cnctwin.protocol.Severity;
import org.cnctwin.protocol.TelemetrySample;
import org.cnctwin.twin.Finding;
import org.cnctwin.twin.Observation;

/**
 * Fixed limits: ISO 10816 vibration zones for the machine's class, spindle temperature and load
 * limits, and the control's own alarm codes. Each limit raises after it has been exceeded for a
 * number of consecutive samples and clears only below a lower level for a number of samples
 * (hysteresis), so a value hovering at its threshold gives one alert, not hundreds.
 */
public final class RuleDetector implements Detector {

    public static final String NAME = "rules";
    /** Findings about the control's alarms name the control as their source. */
    public static final String CONTROL = "control";
    public static final String ALARM_PREFIX = "ALARM_";

    /**
     * One limit on one signal.
     *
     * @param samplesToRaise consecutive samples above {@code raiseAbove} before the alert
     * @param samplesToClear consecutive samples below {@code clearBelow} before it ends
     */
    public record Limit(String code, Severity severity, String signal, String unit, ToDoubleFunction<TelemetrySample> value, double raiseAbove,
                        double clearBelow, int samplesToRaise, int samplesToClear) {}

    /** Spindle bearing temperature that asks for attention before the control's own overheat stop at 70 °C. */
    public static final double SPINDLE_TEMP_LIMIT_C = 60;
    public static final double SPINDLE_LOAD_LIMIT_PERCENT = 100;

    /** The limits for a machine: vibration zones by its ISO 10816-1 class, temperature and load. */
    public static List<Limit> limitsFor(MachineSpec spec) {
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

    /** Consecutive samples on the other side of each limit. */
    private final Map<String, Integer> runs = new HashMap<>();
    private final Set<String> raised = new HashSet<>();
    private final Set<String> alarmsRaised = new HashSet<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> observe(Observation observation) {
        List<Finding> findings = new ArrayList<>();
        List<Limit> limits = limitsFor(observation.configuration().spec());
        for (TelemetrySample sample : observation.samples()) {
            for (Limit limit : limits) {
                check(limit, sample, observation.activeAlertCodes(), findings);
            }
            checkAlarms(sample, observation.activeAlertCodes(), findings);
        }
        return findings;
    }

    private void check(Limit limit, TelemetrySample sample, Set<String> activeInTwin, List<Finding> findings) {
        double value = limit.value().applyAsDouble(sample);
        boolean active = raised.contains(limit.code()) || activeInTwin.contains(limit.code());
        boolean beyond = active ? value < limit.clearBelow() : value > limit.raiseAbove();
        int run = beyond ? runs.merge(limit.code(), 1, Integer::sum) : 0;
        runs.put(limit.code(), run);
        if (!active && run >= limit.samplesToRaise()) {
            raised.add(limit.code());
            runs.put(limit.code(), 0);
            findings.add(new Finding.AnomalyStarted(limit.code(), limit.severity(), NAME,
                    String.format(Locale.ROOT, "%s %.2f %s above %.2f for %d samples", limit.signal(), value, limit.unit(), limit.raiseAbove(),
                            limit.samplesToRaise()),
                    List.of(new Alert.Evidence(limit.signal(), value, limit.raiseAbove(), limit.unit()))));
        } else if (active && run >= limit.samplesToClear()) {
            raised.remove(limit.code());
            runs.put(limit.code(), 0);
            findings.add(new Finding.AnomalyEnded(limit.code(),
                    String.format(Locale.ROOT, "%s back below %.2f %s", limit.signal(), limit.clearBelow(), limit.unit())));
        }
    }

    /** The control's alarms: one alert per code while the machine reports it. */
    private void checkAlarms(TelemetrySample sample, Set<String> activeInTwin, List<Finding> findings) {
        for (String active : activeInTwin) {
            if (active.startsWith(ALARM_PREFIX)) {
                alarmsRaised.add(active.substring(ALARM_PREFIX.length())); // raised before this detector started
            }
        }
        for (String code : sample.activeAlarmCodes()) {
            if (alarmsRaised.add(code)) {
                findings.add(new Finding.AnomalyStarted(ALARM_PREFIX + code, Severity.CRITICAL, CONTROL, "the control reports alarm " + code,
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
