package org.cnctwin.twin.detection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.cnctwin.protocol.Alert;
import org.cnctwin.protocol.Severity;
import org.cnctwin.twin.Finding;
import org.cnctwin.twin.MachineEstimate;
import org.cnctwin.twin.Observation;

/**
 * Tool life planning: from the physics estimate, a remaining-life forecast per tool edge
 * (reported when it moves by more than {@link #REPORT_CHANGE_FRACTION} or a minute, so the
 * journal gets a forecast per change, not per batch), and per tool two alerts: its wear (a warning
 * to plan the change at {@link #PLAN_CHANGE_VB_MM}, critical at the ISO 3685 end of life), and its
 * wear rate when the spindle load shows the edge wearing {@link #WEAR_RATE_WARNING_FACTOR} times
 * faster than its cutting conditions explain (a wrong or faulty tool grade, a harder material,
 * coolant not reaching the edge), ended below {@link #WEAR_RATE_CLEAR_FACTOR}. Fleet-level
 * scheduling builds on these forecasts in a later step. The twin's planner child hosts it.
 */
public final class ToolLifePlanner implements Detector {

    public static final String NAME = "maintenance-planner";
    public static final double PLAN_CHANGE_VB_MM = 0.25;
    public static final double END_OF_LIFE_VB_MM = 0.3;
    static final double REPORT_CHANGE_FRACTION = 0.05;
    static final double WEAR_RATE_WARNING_FACTOR = 2;
    /** Lower than the warning's, so a factor refitted near the threshold does not raise and end it over and over. */
    static final double WEAR_RATE_CLEAR_FACTOR = 1.5;

    private final Map<Integer, Finding.ToolLifeForecast> reported = new HashMap<>();
    private final Map<String, Severity> raised = new HashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> observe(Observation observation) {
        List<Finding> findings = new ArrayList<>();
        for (MachineEstimate.ToolEstimate tool : observation.estimate().tools().values()) {
            if (tool.cuttingS() > 0) {
                forecast(tool, findings);
            }
            wearAlert(tool, observation.activeAlertCodes(), findings);
            wearRateAlert(tool, observation.activeAlertCodes(), findings);
        }
        return findings;
    }

    private void forecast(MachineEstimate.ToolEstimate tool, List<Finding> findings) {
        double remaining = tool.remainingLifeMin();
        Finding.ToolLifeForecast last = reported.get(tool.toolNumber());
        boolean moved = last == null || last.edge() != tool.edge()
                || Math.abs(remaining - last.remainingCuttingMin()) > Math.max(1, REPORT_CHANGE_FRACTION * last.remainingCuttingMin());
        if (moved && Double.isFinite(remaining)) {
            Finding.ToolLifeForecast forecast = new Finding.ToolLifeForecast(tool.toolNumber(), tool.edge(), tool.flankWearMm(), remaining);
            reported.put(tool.toolNumber(), forecast);
            findings.add(forecast);
        }
    }

    private void wearAlert(MachineEstimate.ToolEstimate tool, Set<String> activeInTwin, List<Finding> findings) {
        Severity due = tool.flankWearMm() >= END_OF_LIFE_VB_MM ? Severity.CRITICAL : tool.flankWearMm() >= PLAN_CHANGE_VB_MM ? Severity.WARNING : null;
        double limit = due == Severity.CRITICAL ? END_OF_LIFE_VB_MM : PLAN_CHANGE_VB_MM;
        update("TOOL_WEAR_T" + tool.toolNumber(), due, activeInTwin, "tool " + tool.toolNumber() + " has a new edge",
                () -> String.format(Locale.ROOT, "tool %d estimated flank wear %.3f mm (limit %.2f mm); about %.1f min of cutting left",
                        tool.toolNumber(), tool.flankWearMm(), limit, tool.remainingLifeMin()),
                new Alert.Evidence("flankWearMm", tool.flankWearMm(), limit, "mm"), findings);
    }

    private void wearRateAlert(MachineEstimate.ToolEstimate tool, Set<String> activeInTwin, List<Finding> findings) {
        String code = "TOOL_WEAR_RATE_T" + tool.toolNumber();
        double factor = tool.signature().wearRateFactor();
        boolean high = factor >= WEAR_RATE_WARNING_FACTOR || raised.containsKey(code) && factor >= WEAR_RATE_CLEAR_FACTOR;
        update(code, high ? Severity.WARNING : null, activeInTwin,
                String.format(Locale.ROOT, "tool %d wears at %.1f times the model's rate", tool.toolNumber(), factor),
                () -> String.format(Locale.ROOT, "tool %d wears %.1f times faster than its cutting conditions explain (spindle load over "
                        + "the last %d parts); check the tool grade, the material and the coolant", tool.toolNumber(), factor,
                        tool.signature().parts().size()),
                new Alert.Evidence("wearRateFactor", factor, WEAR_RATE_WARNING_FACTOR, "1"), findings);
    }

    /**
     * Brings one alert code to what is due: raises it, raises it afresh at another severity, or
     * ends it. One alert per code while it stays due, however often it is checked.
     */
    private void update(String code, Severity due, Set<String> activeInTwin, String endedReason, Supplier<String> message, Alert.Evidence evidence,
                        List<Finding> findings) {
        Severity current = raised.get(code);
        // Raised before this planner started (the twin recovered): end it and raise afresh if still due.
        boolean inherited = current == null && activeInTwin.contains(code);
        if (due == current && !inherited) {
            return;
        }
        if (current != null || inherited) {
            findings.add(new Finding.AnomalyEnded(code, due == null ? endedReason : "superseded by " + due));
        }
        if (due == null) {
            raised.remove(code);
            return;
        }
        raised.put(code, due);
        findings.add(new Finding.AnomalyStarted(code, due, NAME, message.get(), List.of(evidence)));
    }
}
