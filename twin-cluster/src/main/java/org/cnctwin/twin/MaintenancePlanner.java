package org.cnctwin.twin;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.cnctwin.protocol.Alert;
import org.cnctwin.protocol.Severity;

/**
 * A twin's maintenance planner: from the physics estimate, a remaining-life forecast per tool edge
 * (reported when it moves by more than {@link #REPORT_CHANGE_FRACTION} or a minute, so the
 * journal gets a forecast per change, not per batch), and per tool two alerts: its wear (a warning
 * to plan the change at {@link #PLAN_CHANGE_VB_MM}, critical at the ISO 3685 end of life), and its
 * wear rate when the spindle load shows the edge wearing {@link #WEAR_RATE_WARNING_FACTOR} times
 * faster than its cutting conditions explain (a wrong or faulty tool grade, a harder material,
 * coolant not reaching the edge), ended below {@link #WEAR_RATE_CLEAR_FACTOR}. Fleet-level
 * scheduling builds on these forecasts in a later step.
 */
public final class MaintenancePlanner {

    static final String SOURCE = "maintenance-planner";
    static final double PLAN_CHANGE_VB_MM = 0.25;
    static final double END_OF_LIFE_VB_MM = 0.3;
    static final double REPORT_CHANGE_FRACTION = 0.05;
    static final double WEAR_RATE_WARNING_FACTOR = 2;
    /** Lower than the warning's, so a factor refitted near the threshold does not raise and end it over and over. */
    static final double WEAR_RATE_CLEAR_FACTOR = 1.5;

    private MaintenancePlanner() {}

    public static Behavior<Observation> create(ActorRef<MachineTwin.Command> twin) {
        return Behaviors.setup(context -> {
            Map<Integer, Finding.ToolLifeForecast> reported = new HashMap<>();
            Map<String, Severity> raised = new HashMap<>();
            return Behaviors.receiveMessage(observation -> {
                for (MachineEstimate.ToolEstimate tool : observation.estimate().tools().values()) {
                    if (tool.cuttingS() > 0) {
                        forecast(twin, tool, reported);
                    }
                    wearAlert(twin, tool, raised, observation.activeAlertCodes());
                    wearRateAlert(twin, tool, raised, observation.activeAlertCodes());
                }
                return Behaviors.same();
            });
        });
    }

    private static void forecast(ActorRef<MachineTwin.Command> twin, MachineEstimate.ToolEstimate tool, Map<Integer, Finding.ToolLifeForecast> reported) {
        double remaining = tool.remainingLifeMin();
        Finding.ToolLifeForecast last = reported.get(tool.toolNumber());
        boolean moved = last == null || last.edge() != tool.edge()
                || Math.abs(remaining - last.remainingCuttingMin()) > Math.max(1, REPORT_CHANGE_FRACTION * last.remainingCuttingMin());
        if (moved && Double.isFinite(remaining)) {
            Finding.ToolLifeForecast forecast = new Finding.ToolLifeForecast(tool.toolNumber(), tool.edge(), tool.flankWearMm(), remaining);
            reported.put(tool.toolNumber(), forecast);
            twin.tell(new MachineTwin.ReportFinding(forecast));
        }
    }

    private static void wearAlert(ActorRef<MachineTwin.Command> twin, MachineEstimate.ToolEstimate tool, Map<String, Severity> raised,
                                  Set<String> activeInTwin) {
        Severity due = tool.flankWearMm() >= END_OF_LIFE_VB_MM ? Severity.CRITICAL : tool.flankWearMm() >= PLAN_CHANGE_VB_MM ? Severity.WARNING : null;
        double limit = due == Severity.CRITICAL ? END_OF_LIFE_VB_MM : PLAN_CHANGE_VB_MM;
        update(twin, "TOOL_WEAR_T" + tool.toolNumber(), due, raised, activeInTwin, "tool " + tool.toolNumber() + " has a new edge",
                () -> String.format(Locale.ROOT, "tool %d estimated flank wear %.3f mm (limit %.2f mm); about %.1f min of cutting left",
                        tool.toolNumber(), tool.flankWearMm(), limit, tool.remainingLifeMin()),
                new Alert.Evidence("flankWearMm", tool.flankWearMm(), limit, "mm"));
    }

    private static void wearRateAlert(ActorRef<MachineTwin.Command> twin, MachineEstimate.ToolEstimate tool, Map<String, Severity> raised,
                                      Set<String> activeInTwin) {
        String code = "TOOL_WEAR_RATE_T" + tool.toolNumber();
        double factor = tool.signature().wearRateFactor();
        boolean high = factor >= WEAR_RATE_WARNING_FACTOR || raised.containsKey(code) && factor >= WEAR_RATE_CLEAR_FACTOR;
        update(twin, code, high ? Severity.WARNING : null, raised, activeInTwin,
                String.format(Locale.ROOT, "tool %d wears at %.1f times the model's rate", tool.toolNumber(), factor),
                () -> String.format(Locale.ROOT, "tool %d wears %.1f times faster than its cutting conditions explain (spindle load over "
                        + "the last %d parts); check the tool grade, the material and the coolant", tool.toolNumber(), factor,
                        tool.signature().parts().size()),
                new Alert.Evidence("wearRateFactor", factor, WEAR_RATE_WARNING_FACTOR, "1"));
    }

    /**
     * Brings one alert code to what is due: raises it, raises it afresh at another severity, or
     * ends it. One alert per code while it stays due, however often it is checked.
     */
    private static void update(ActorRef<MachineTwin.Command> twin, String code, Severity due, Map<String, Severity> raised, Set<String> activeInTwin,
                               String endedReason, Supplier<String> message, Alert.Evidence evidence) {
        Severity current = raised.get(code);
        // Raised before this planner started (the twin recovered): end it and raise afresh if still due.
        boolean inherited = current == null && activeInTwin.contains(code);
        if (due == current && !inherited) {
            return;
        }
        if (current != null || inherited) {
            twin.tell(new MachineTwin.ReportFinding(new Finding.AnomalyEnded(code, due == null ? endedReason : "superseded by " + due)));
        }
        if (due == null) {
            raised.remove(code);
            return;
        }
        raised.put(code, due);
        twin.tell(new MachineTwin.ReportFinding(new Finding.AnomalyStarted(code, due, SOURCE, message.get(), List.of(evidence))));
    }
}
