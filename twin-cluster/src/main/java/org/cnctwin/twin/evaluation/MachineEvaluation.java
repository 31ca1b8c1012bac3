package org.cnctwin.twin.evaluation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cnctwin.machine.sim.FaultSpec;
import org.cnctwin.machine.sim.Job;
import org.cnctwin.machine.sim.MachineSpec;
import org.cnctwin.machine.sim.SimulatedMachine;
import org.cnctwin.protocol.FaultType;
import org.cnctwin.protocol.MachineEvent;
import org.cnctwin.protocol.TelemetrySample;
import org.cnctwin.twin.AnomalyDetector;
import org.cnctwin.twin.Finding;
import org.cnctwin.twin.MachineConfiguration;
import org.cnctwin.twin.MachineEstimate;
import org.cnctwin.twin.Observation;
import org.cnctwin.twin.TwinEvent;
import org.cnctwin.twin.TwinState;
import org.cnctwin.twin.detection.Detector;
import org.cnctwin.twin.detection.RuleDetector;
import org.cnctwin.twin.detection.ToolLifePlanner;

/**
 * One simulated machine and its twin's own logic, without a cluster: each simulated second's batch
 * goes into the twin's state (its estimate), then to the twin's detectors and planner, and what
 * they find becomes the twin's events, as in {@code MachineTwin}; the machine's events follow. Beside
 * it the simulator's truth is read every second: when each fault began, when the machine failed,
 * how much of each tool edge's life was used. Deterministic: the same options give the same report.
 */
final class MachineEvaluation {

    /** Life fractions at which the tool-life forecast is read; 1.0 marks the true end of life. */
    static final double[] RUL_CHECKPOINTS = {0.3, 0.5, 0.7, 0.9};
    private static final double CUTTING_POWER_KW = 0.05;

    private final SimulatedMachine machine;
    private final List<Detector> detectors = new ArrayList<>();
    private TwinState twin;
    private final Map<String, Integer> alertsByDetector = new TreeMap<>();
    private final List<EvaluationReport.FalseAlarm> falseAlarms = new ArrayList<>();
    /** The faults injected into this machine, in order of onset, as they unfold. */
    private final List<FaultRecord> faults = new ArrayList<>();
    /** Per tool edge ("tool/instance"): its true cutting time and what the forecast said at each checkpoint. */
    private final Map<String, EdgeRecord> edges = new LinkedHashMap<>();

    private static final class FaultRecord {
        final FaultType type;
        final double severity;
        final double onsetS;
        Double detectedAtS;
        String code;
        String detector;
        Double failureAtS;

        FaultRecord(FaultType type, double severity, double onsetS) {
            this.type = type;
            this.severity = severity;
            this.onsetS = onsetS;
        }
    }

    private static final class EdgeRecord {
        final int toolNumber;
        final int instance;
        double cuttingS;
        double lifeConsumed;
        /** Per checkpoint reached: the true cutting time then and the forecast remaining minutes. */
        final Map<Double, double[]> checkpoints = new TreeMap<>();
        /** True cutting time at the end of life (lifeConsumed 1), when the edge got there. */
        Double endOfLifeS;

        EdgeRecord(int toolNumber, int instance) {
            this.toolNumber = toolNumber;
            this.instance = instance;
        }
    }

    MachineEvaluation(String machineId, MachineSpec spec, Job job, long seed, Instant start, List<FaultSpec> faultSpecs) {
        this.machine = new SimulatedMachine(machineId, spec, job, seed, start);
        for (FaultSpec fault : faultSpecs) {
            if (fault.appliesTo(machineId)) {
                machine.inject(fault.type(), fault.severity(), fault.atS());
                faults.add(new FaultRecord(fault.type(), fault.severity(), fault.atS()));
            }
        }
        faults.sort(java.util.Comparator.comparingDouble(fault -> fault.onsetS));
        // As an operator configures a twin: its profile and the job's tools.
        this.twin = TwinState.empty(machineId).apply(new TwinEvent.Configured(MachineConfiguration.of(spec, job)));
        detectors.addAll(AnomalyDetector.standardDetectors());
        detectors.add(new ToolLifePlanner());
    }

    List<String> detectorNames() {
        return detectors.stream().map(Detector::name).toList();
    }

    /** Runs the machine for {@code seconds} simulated seconds. */
    void run(long seconds) {
        for (long second = 0; second < seconds; second++) {
            step();
        }
    }

    private void step() {
        List<TelemetrySample> samples = new ArrayList<>(10);
        for (int i = 0; i < 10; i++) {
            samples.add(machine.nextSample());
        }
        SimulatedMachine.Truth truth = machine.truth();
        twin = twin.apply(new TwinEvent.TelemetryRecorded(samples));
        Observation observation = new Observation(twin.machineId(), samples, twin.estimate(), twin.configuration(), twin.activeAlertCodes());
        for (Detector detector : detectors) {
            for (Finding finding : detector.observe(observation)) {
                for (TwinEvent event : twin.eventsFor(finding, twin.updatedAt())) {
                    twin = twin.apply(event);
                    if (event instanceof TwinEvent.AlertRaised raised) {
                        alertRaised(raised, truth);
                    }
                }
            }
        }
        for (MachineEvent event : machine.drainEvents()) {
            twin = twin.apply(new TwinEvent.MachineEventRecorded(event));
        }
        followTruth(truth, samples);
    }

    private void alertRaised(TwinEvent.AlertRaised alert, SimulatedMachine.Truth truth) {
        alertsByDetector.merge(alert.source(), 1, Integer::sum);
        double atS = seconds(truth.timeS());
        if (truth.activeFaults().isEmpty() && !dueMaintenance(alert, truth) && !alert.code().startsWith(RuleDetector.ALARM_PREFIX)) {
            falseAlarms.add(new EvaluationReport.FalseAlarm(twin.machineId(), atS, alert.code(), alert.source()));
        }
        // A fault is found by the first alert after its onset that names its signal, whether or not the fault is still
        // active then: a broken tool's fault ends at the break, and the control's alarm follows it.
        for (FaultRecord fault : faults) {
            if (fault.onsetS <= atS && fault.detectedAtS == null && FaultSignals.names(alert, fault.type)) {
                fault.detectedAtS = atS;
                fault.code = alert.code();
                fault.detector = alert.source();
            }
        }
    }

    /**
     * The planner's wear notice for a tool whose true wear has reached the notice's level is a due
     * tool change, not a false alarm; the control's own alarms are the machine's truth, not the twin's findings.
     */
    private static boolean dueMaintenance(TwinEvent.AlertRaised alert, SimulatedMachine.Truth truth) {
        if (!alert.code().startsWith("TOOL_WEAR_T")) {
            return false;
        }
        int toolNumber = Integer.parseInt(alert.code().substring("TOOL_WEAR_T".length()));
        return truth.tools().stream().anyMatch(tool -> tool.toolNumber() == toolNumber && tool.flankWearMm() >= ToolLifePlanner.PLAN_CHANGE_VB_MM);
    }

    private void followTruth(SimulatedMachine.Truth truth, List<TelemetrySample> samples) {
        boolean failed = truth.tools().stream().anyMatch(SimulatedMachine.ToolTruth::broken)
                || samples.stream().anyMatch(sample -> !sample.activeAlarmCodes().isEmpty());
        for (FaultRecord fault : faults) {
            if (failed && fault.onsetS <= truth.timeS() && fault.failureAtS == null) {
                fault.failureAtS = seconds(truth.timeS());
            }
        }
        int inSpindle = samples.get(samples.size() - 1).toolNumber();
        for (SimulatedMachine.ToolTruth tool : truth.tools()) {
            EdgeRecord edge = edges.computeIfAbsent(tool.toolNumber() + "/" + tool.instance(), key -> new EdgeRecord(tool.toolNumber(), tool.instance()));
            if (tool.toolNumber() == inSpindle && truth.cuttingPowerKw() > CUTTING_POWER_KW) {
                edge.cuttingS += 1;
            }
            edge.lifeConsumed = tool.lifeConsumed();
            for (double checkpoint : RUL_CHECKPOINTS) {
                if (tool.lifeConsumed() >= checkpoint && !edge.checkpoints.containsKey(checkpoint)) {
                    MachineEstimate.ToolEstimate estimate = twin.estimate().tools().get(tool.toolNumber());
                    double forecastMin = estimate == null ? Double.NaN : estimate.remainingLifeMin();
                    edge.checkpoints.put(checkpoint, new double[] {edge.cuttingS, forecastMin});
                }
            }
            if (tool.lifeConsumed() >= 1 && edge.endOfLifeS == null) {
                edge.endOfLifeS = edge.cuttingS;
            }
        }
    }

    /** The simulator's clock to a tenth of a second: its sum of 0.1 s steps carries rounding noise. */
    private static double seconds(double timeS) {
        return Math.round(timeS * 10) / 10.0;
    }

    double simulatedSeconds() {
        return machine.timeS();
    }

    Map<String, Integer> alertsByDetector() {
        return alertsByDetector;
    }

    List<EvaluationReport.FalseAlarm> falseAlarms() {
        return falseAlarms;
    }

    /** The faults whose onset the run reached. */
    List<EvaluationReport.Fault> faults() {
        return faults.stream().filter(fault -> fault.onsetS <= machine.timeS()).map(fault -> new EvaluationReport.Fault(twin.machineId(), fault.type.name(), fault.severity, fault.onsetS,
                fault.detectedAtS, fault.code, fault.detector, fault.failureAtS)).toList();
    }

    /**
     * Forecast errors of every edge whose true life is known: reached in the run, or, for an edge the
     * machine changed at 90 % of its life (its tool life management), extrapolated from its last
     * fifth at the rate it wore then.
     */
    List<EvaluationReport.Rul> rul() {
        List<EvaluationReport.Rul> errors = new ArrayList<>();
        for (EdgeRecord edge : edges.values()) {
            Double lifeS = edge.endOfLifeS;
            double[] at70 = edge.checkpoints.get(0.7);
            double[] at90 = edge.checkpoints.get(0.9);
            if (lifeS == null && at70 != null && at90 != null && at90[0] > at70[0]) {
                lifeS = at90[0] + (at90[0] - at70[0]) * (1 - 0.9) / (0.9 - 0.7);
            }
            if (lifeS == null || lifeS <= 0) {
                continue;
            }
            for (Map.Entry<Double, double[]> checkpoint : edge.checkpoints.entrySet()) {
                double trueRemainingMin = (lifeS - checkpoint.getValue()[0]) / 60;
                double forecastMin = checkpoint.getValue()[1];
                if (Double.isFinite(forecastMin)) {
                    errors.add(new EvaluationReport.Rul(twin.machineId(), edge.toolNumber, edge.instance, checkpoint.getKey(),
                            (forecastMin - trueRemainingMin) / (lifeS / 60)));
                }
            }
        }
        return errors;
    }
}
