package org.cnctwin.twin;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.cnctwin.protocol.Alert;
import org.cnctwin.protocol.Severity;

/**
 * A twin's maintenance planner: from the physics estimate, a remaining-life forecast per tool edge
 * (reported when it moves by more than {@link #REPORT_CHANGE_FRACTION} or a minute, so the
 * journal gets a forecast per change, not per batch), and tool-wear alerts: a warning to plan
 * the change at {@link #PLAN_CHANGE_VB_MM}, critical at the ISO 3685 end of life. Fleet-level
 * scheduling builds on these forecasts in a later step.
 */
public final class MaintenancePlanner {

    static final String SOURCE = "maintenance-planner";
    static final double PLAN_CHANGE_VB_MM = 0.25;
    static final double END_OF_LIFE_VB_MM = 0.3;
    static final double REPORT_CHANGE_FRACTION = 0.05;

    private MaintenancePlanner() {}

    public static Behavior<MachineTwin.Observation> create(ActorRef<MachineTwin.Command> twin) {
        return Behaviors.setup(context -> {
            Map<Integer, MachineTwin.ToolLifeForecast> reported = new HashMap<>();
            Map<Integer, Severity> wearAlerts = new HashMap<>();
            return Behaviors.receiveMessage(observation -> {
                for (MachineEstimate.ToolEstimate tool : observation.estimate().tools().values()) {
                    if (tool.cuttingS() > 0) {
                        forecast(twin, tool, reported);
                    }
                    wearAlert(twin, tool, wearAlerts, observation.activeAlertCodes());
                }
                return Behaviors.same();
            });
        });
    }

    private static void forecast(ActorRef<MachineTwin.Command> twin, MachineEstimate.ToolEstimate tool, Map<Integer, MachineTwin.ToolLifeForecast> reported) {
        double remaining = tool.remainingLifeMin();
        MachineTwin.ToolLifeForecast last = reported.get(tool.toolNumber());
        boolean moved = last == null || last.edge() != tool.edge()
                || Math.abs(remaining - last.remainingCuttingMin()) > Math.max(1, REPORT_CHANGE_FRACTION * last.remainingCuttingMin());
        if (moved && Double.isFinite(remaining)) {
            MachineTwin.ToolLifeForecast forecast = new MachineTwin.ToolLifeForecast(tool.toolNumber(), tool.edge(), tool.flankWearMm(), remaining);
            reported.put(tool.toolNumber(), forecast);
            twin.tell(new MachineTwin.ReportFinding(forecast));
        }
    }

    private static void wearAlert(ActorRef<MachineTwin.Command> twin, MachineEstimate.ToolEstimate tool, Map<Integer, Severity> wearAlerts,
                                  Set<String> activeInTwin) {
        Severity due = tool.flankWearMm() >= END_OF_LIFE_VB_MM ? Severity.CRITICAL : tool.flankWearMm() >= PLAN_CHANGE_VB_MM ? Severity.WARNING : null;
        Severity current = wearAlerts.get(tool.toolNumber());
        String code = "TOOL_WEAR_T" + tool.toolNumber();
        // Raised before this planner started (the twin recovered): end it and raise afresh if still due.
        boolean inherited = current == null && activeInTwin.contains(code);
        if (due == current && !inherited) {
            return;
        }
        if (current != null || inherited) {
            twin.tell(new MachineTwin.ReportFinding(new MachineTwin.AnomalyEnded(code,
                    due == null ? "tool " + tool.toolNumber() + " has a new edge" : "superseded by " + due)));
        }
        if (due == null) {
            wearAlerts.remove(tool.toolNumber());
            return;
        }
        wearAlerts.put(tool.toolNumber(), due);
        double limit = due == Severity.CRITICAL ? END_OF_LIFE_VB_MM : PLAN_CHANGE_VB_MM;
        twin.tell(new MachineTwin.ReportFinding(new MachineTwin.AnomalyStarted(code, due, SOURCE,
                String.format(Locale.ROOT, "tool %d estimated flank wear %.3f mm (limit %.2f mm); about %.1f min of cutting left", tool.toolNumber(),
                        tool.flankWearMm(), limit, tool.remainingLifeMin()),
                List.of(new Alert.Evidence("flankWearMm", tool.flankWearMm(), limit, "mm")))));
    }
}
