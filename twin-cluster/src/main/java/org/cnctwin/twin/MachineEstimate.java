package org.cnctwin.twin;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.cnctwin.machine.physics.CuttingConditions;
import org.cnctwin.machine.physics.CuttingForce;
import org.cnctwin.machine.physics.SpindleThermal;
import org.cnctwin.machine.physics.ToolWear;
import org.cnctwin.machine.physics.VibrationSeverity;
import org.cnctwin.machine.sim.MachineSpec;
import org.cnctwin.machine.sim.ToolSpec;
import org.cnctwin.protocol.CoolantState;
import org.cnctwin.protocol.ExecutionState;
import org.cnctwin.protocol.TelemetrySample;

/**
 * What the twin estimates that no sensor measures, advanced sample by sample with the same physics
 * the simulator uses: flank wear and remaining life per tool (extended Taylor over the observed
 * cutting speed and feed, the depth inferred from the observed cutting power through Kienzle),
 * the spindle housing temperature and thermal growth (the two-node thermal model, its bearing
 * node pinned to the measured temperature), bearing L10 life consumed, the vibration trend and its
 * ISO 10816 zone, and availability for OEE. Plain deterministic Java and immutable, so replaying
 * the journal rebuilds exactly the same estimate.
 *
 * <p>The wear estimate is corrected by what the spindle load shows: the cutting energy a tool
 * spends per part grows with its flank wear, so parts compared with each other give the tool's
 * true wear rate against the model's ({@link WearSignature}).
 *
 * @param lastSampleAt the time of the last sample integrated; null before the first
 * @param partObservedWhole every sample of the part running now has been integrated, without a gap or an alarm
 */
public record MachineEstimate(Instant lastSampleAt, Map<Integer, ToolEstimate> tools, double housingTempC, double thermalGrowthUm,
                              double bearingLifeConsumed, double vibrationTrendMmPerS, VibrationSeverity.Zone vibrationZone,
                              Availability availability, boolean partObservedWhole) implements CborSerializable {

    /** The workshop temperature the spindle starts from and cools towards. */
    static final double AMBIENT_TEMP_C = 20;
    /** A gap in the data longer than this is not integrated: no guessing across an outage. */
    static final Duration MAX_INTEGRATION_STEP = Duration.ofSeconds(5);
    /** Cutting power below this is spindle drag and noise, not a cut. */
    static final double CUTTING_POWER_THRESHOLD_KW = 0.05;
    /** Radial engagement assumed when inferring the depth of cut: half the cutter. */
    static final double ASSUMED_RADIAL_ENGAGEMENT = 0.5;
    /** Time constant of the vibration trend (exponential moving average), s. */
    static final double VIBRATION_TREND_TIME_CONSTANT_S = 60;

    /**
     * @param edge which edge of this tool number (1 = the first; a replacement starts the next)
     * @param lifeConsumed the model's life consumed corrected by the wear the spindle load shows: {@code modelLifeConsumed × signature.wearRateFactor()}
     * @param lastToolLifeMin life at the last cutting conditions seen, corrected likewise, minutes
     * @param modelLifeConsumed what the Taylor model alone has integrated on this edge
     * @param signature the cutting energy per part that measures the wear the model misses; kept across edges
     */
    public record ToolEstimate(int toolNumber, int edge, double lifeConsumed, double flankWearMm, double cuttingS, double lastToolLifeMin,
                               double modelLifeConsumed, WearSignature signature) implements CborSerializable {

        public ToolEstimate {
            if (signature == null) { // a snapshot written before the signature existed
                signature = WearSignature.NONE;
                modelLifeConsumed = lifeConsumed;
            }
        }

        /** Minutes of cutting left at the last conditions seen, until VB reaches 0.3 mm. */
        public double remainingLifeMin() {
            return Math.max(0, 1 - lifeConsumed) * lastToolLifeMin;
        }

        static ToolEstimate fresh(int toolNumber, int edge) {
            return new ToolEstimate(toolNumber, edge, 0, 0, 0, Double.POSITIVE_INFINITY, 0, WearSignature.NONE);
        }

        /** {@code dtS} of cutting at a model life of {@code modelLifeMin} that spent {@code energyKwS}. */
        ToolEstimate cut(double dtS, double modelLifeMin, double energyKwS) {
            double model = modelLifeConsumed + dtS / 60 / modelLifeMin;
            return corrected(model, cuttingS + dtS, modelLifeMin, signature.cut(energyKwS, model));
        }

        ToolEstimate partEnded(String programName, boolean whole) {
            double modelLifeMin = lastToolLifeMin * signature.wearRateFactor();
            return corrected(modelLifeConsumed, cuttingS, modelLifeMin, signature.partEnded(programName, whole, modelLifeConsumed));
        }

        /** The next edge: its wear starts again; what the signature learnt of the tool stays. */
        ToolEstimate replaced() {
            return new ToolEstimate(toolNumber, edge + 1, 0, 0, 0, Double.POSITIVE_INFINITY, 0, signature.edgeReplaced());
        }

        private ToolEstimate corrected(double modelLife, double cuttingS, double modelLifeMin, WearSignature signature) {
            double factor = signature.wearRateFactor();
            double consumed = factor * modelLife;
            return new ToolEstimate(toolNumber, edge, consumed, ToolWear.flankWear(consumed), cuttingS, modelLifeMin / factor, modelLife, signature);
        }
    }

    /** Time by state since the twin began, for OEE availability. */
    public record Availability(double runningS, double idleS, double alarmS, long partCount) implements CborSerializable {

        public double availability() {
            double planned = runningS + idleS + alarmS;
            return planned == 0 ? 0 : runningS / planned;
        }

        /** {@code dtS} more in the state {@code previous} reported: running, stopped by an alarm, or idle. */
        Availability after(TelemetrySample previous, double dtS, long partCount) {
            if (previous.executionState() == ExecutionState.ACTIVE) {
                return new Availability(runningS + dtS, idleS, alarmS, partCount);
            }
            if (!previous.activeAlarmCodes().isEmpty()) {
                return new Availability(runningS, idleS, alarmS + dtS, partCount);
            }
            return new Availability(runningS, idleS + dtS, alarmS, partCount);
        }
    }

    public MachineEstimate {
        tools = Map.copyOf(tools);
    }

    private static final MachineEstimate INITIAL = new MachineEstimate(null, Map.of(), AMBIENT_TEMP_C, 0, 0, 0, VibrationSeverity.Zone.A,
            new Availability(0, 0, 0, 0), false);

    /** Before the first sample; one shared instance (it is immutable). */
    public static MachineEstimate initial() {
        return INITIAL;
    }

    /**
     * Integrates from the last sample to {@code previous}'s successor {@code sample}.
     *
     * @param previous the sample before, or null for the first: the interval's conditions are the previous sample's
     */
    public MachineEstimate observe(TelemetrySample previous, TelemetrySample sample, MachineConfiguration configuration) {
        if (previous == null || lastSampleAt == null) {
            return new MachineEstimate(sample.timestamp(), tools, housingTempC, thermalGrowthUm, bearingLifeConsumed,
                    sample.vibrationRmsMmPerS(), VibrationSeverity.zone(sample.vibrationRmsMmPerS(), configuration.spec().vibrationClass()),
                    new Availability(availability.runningS, availability.idleS, availability.alarmS, sample.partCount()), false);
        }
        double dtS = Math.max(0, Duration.between(lastSampleAt, sample.timestamp()).toNanos() / 1e9);
        if (dtS > MAX_INTEGRATION_STEP.toSeconds()) {
            dtS = 0;
        }
        MachineSpec spec = configuration.spec();
        double speedRpm = previous.spindleSpeedRpm();
        double omega = speedRpm * 2 * Math.PI / 60;
        double dragPowerKw = spec.spindle().dragTorqueNm(speedRpm) * omega / 1000;
        double cuttingPowerKw = Math.max(0, previous.spindlePowerKw() - dragPowerKw);
        double cuttingTorqueNm = omega > 0 ? cuttingPowerKw * 1000 / omega : 0;

        Map<Integer, ToolEstimate> nextTools = new TreeMap<>(tools);
        ToolSpec tool = configuration.tools().get(previous.toolNumber());
        if (tool != null && cuttingPowerKw > CUTTING_POWER_THRESHOLD_KW && previous.feedMmPerMin() > 0 && speedRpm > 0 && dtS > 0) {
            ToolEstimate before = nextTools.getOrDefault(tool.number(), ToolEstimate.fresh(tool.number(), 1));
            CuttingConditions cut = inferredCut(tool, speedRpm, previous.feedMmPerMin(), cuttingPowerKw, before.flankWearMm(), configuration);
            double modelLifeMin = new ToolWear(tool.material(), configuration.material()).toolLifeMin(cut);
            nextTools.put(tool.number(), before.cut(dtS, modelLifeMin, cuttingPowerKw * dtS));
        }
        // A part ends when the part counter moves; it measured the wear if the twin saw all of it, without a gap or an alarm.
        boolean whole = partObservedWhole && dtS > 0 && previous.activeAlarmCodes().isEmpty();
        if (sample.partCount() != previous.partCount()) {
            boolean onePart = whole && sample.partCount() == previous.partCount() + 1;
            String program = previous.programName() == null ? "" : previous.programName();
            nextTools.replaceAll((number, estimate) -> estimate.partEnded(program, onePart));
            whole = true;
        }

        // The thermal model runs on the observed speed and power; its bearing node is measured, so it is pinned to the reading.
        SpindleThermal thermal = new SpindleThermal(spec.thermal(), AMBIENT_TEMP_C, previous.spindleTempC(), housingTempC);
        thermal.step(dtS, speedRpm, 0.1 * previous.spindlePowerKw() * 1000, AMBIENT_TEMP_C, previous.coolant() != CoolantState.OFF);

        double bearingLife = bearingLifeConsumed;
        if (speedRpm > 0 && dtS > 0) {
            double loadKn = spec.bearingLoadKn() + cuttingTorqueNm / 0.05 / 1000 / 2;
            bearingLife += dtS / 3600 / spec.frontBearing().l10Hours(loadKn, speedRpm);
        }
        double alpha = 1 - Math.exp(-dtS / VIBRATION_TREND_TIME_CONSTANT_S);
        double trend = vibrationTrendMmPerS + alpha * (sample.vibrationRmsMmPerS() - vibrationTrendMmPerS);

        return new MachineEstimate(sample.timestamp(), nextTools, thermal.housingTempC(), thermal.thermalGrowthUm(), bearingLife, trend,
                VibrationSeverity.zone(trend, spec.vibrationClass()), availability.after(previous, dtS, sample.partCount()), whole);
    }

    /**
     * The cut that explains the observed cutting power: Kienzle's power for 1 mm of depth at this
     * speed, feed, assumed engagement and current wear scales linearly with the depth.
     */
    private static CuttingConditions inferredCut(ToolSpec tool, double speedRpm, double feedMmPerMin, double cuttingPowerKw, double flankWearMm,
                                                 MachineConfiguration configuration) {
        double radialMm = ASSUMED_RADIAL_ENGAGEMENT * tool.diameterMm();
        CuttingConditions perMillimetre = new CuttingConditions(tool.diameterMm(), tool.teeth(), speedRpm, feedMmPerMin, 1, radialMm);
        double powerPerMmKw = CuttingForce.of(perMillimetre, configuration.material(), flankWearMm).cuttingPowerKw();
        double depthMm = Math.min(tool.diameterMm(), Math.max(0.05, cuttingPowerKw / powerPerMmKw));
        return new CuttingConditions(tool.diameterMm(), tool.teeth(), speedRpm, feedMmPerMin, depthMm, radialMm);
    }

    /** A new edge for {@code toolNumber}: its wear starts again. */
    public MachineEstimate toolReplaced(int toolNumber) {
        Map<Integer, ToolEstimate> nextTools = new TreeMap<>(tools);
        nextTools.put(toolNumber, tools.containsKey(toolNumber) ? tools.get(toolNumber).replaced() : ToolEstimate.fresh(toolNumber, 2));
        return new MachineEstimate(lastSampleAt, nextTools, housingTempC, thermalGrowthUm, bearingLifeConsumed, vibrationTrendMmPerS,
                vibrationZone, availability, partObservedWhole);
    }

    public MachineEstimate bearingReplaced() {
        return new MachineEstimate(lastSampleAt, tools, housingTempC, thermalGrowthUm, 0, vibrationTrendMmPerS, vibrationZone, availability,
                partObservedWhole);
    }

}
