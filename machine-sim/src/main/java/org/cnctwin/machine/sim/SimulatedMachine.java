package org.cnctwin.machine.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.cnctwin.machine.gcode.ArcGeometry;
import org.cnctwin.machine.gcode.CanonicalOperation;
import org.cnctwin.machine.gcode.MCode;
import org.cnctwin.machine.gcode.ModalState;
import org.cnctwin.machine.gcode.Position;
import org.cnctwin.machine.physics.CuttingConditions;
import org.cnctwin.machine.physics.CuttingForce;
import org.cnctwin.machine.physics.SpindleThermal;
import org.cnctwin.machine.physics.SpindleVibration;
import org.cnctwin.machine.physics.StockModel;
import org.cnctwin.machine.physics.ToolWear;
import org.cnctwin.protocol.ControllerMode;
import org.cnctwin.protocol.CoolantState;
import org.cnctwin.protocol.ExecutionState;
import org.cnctwin.protocol.FaultType;
import org.cnctwin.protocol.LinearAxis;
import org.cnctwin.protocol.MachineEvent;
import org.cnctwin.protocol.MaintenanceAction;
import org.cnctwin.protocol.ProtocolCodec;
import org.cnctwin.protocol.TelemetrySample;

/**
 * One simulated machine tool running its {@link Job} part after part on a simulated clock: the
 * interpreter's operations move the tool through a Z-map of the stock, whose engagement drives
 * Kienzle cutting power, Taylor wear, the spindle drive, the thermal model and the vibration
 * spectrum; sensors turn the truth into noisy readings. Plain deterministic Java: the same seed,
 * job and faults give the same samples. Not thread-safe: one owner advances it.
 *
 * <p>Each {@link #nextSample()} advances {@link #SAMPLE_PERIOD_S}; how fast that happens in wall
 * time is the caller's business (real time, N×, or as fast as possible). Faults are injected with
 * {@link #inject} at a simulated time; {@link #truth()} exposes what the sensors cannot see.
 */
public final class SimulatedMachine {

    public static final double SAMPLE_PERIOD_S = 0.1;
    static final double AMBIENT_TEMP_C = 20;
    /** Motor and transmission losses that heat the spindle housing, as a share of spindle power. */
    static final double HOUSING_HEAT_SHARE = 0.1;
    /** Tooth-passing vibration at rated cutting power (the cut itself shakes the spindle). */
    static final double TOOTH_PASS_MM_PER_S_AT_RATED_POWER = 0.8;
    /** Tool life management: at M06 a tool that has used this much of its life gets a new edge. */
    static final double TOOL_LIFE_LIMIT = 0.9;
    /** Past VB 0.3 mm a tool may break at any moment; at this VB it surely does. */
    static final double CERTAIN_BREAKAGE_VB_MM = 0.45;
    static final double BREAKAGE_HAZARD_PER_S_AT_CERTAIN = 0.05;
    /** A bearing defect is seeded at this damage and grows exponentially to 1 (fully developed). */
    static final double INITIAL_DEFECT_DAMAGE = 0.02;
    static final double OVERHEAT_ALARM_TEMP_C = 70;
    static final double SERVO_ALARM_FOLLOWING_ERROR_MM = 0.25;
    private static final double ARC_CHORD_MM = 1.0;
    private static final double SPINDLE_ARRIVAL_FRACTION = 0.02;

    /** FANUC-style alarm codes the simulated control raises. */
    public static final String ALARM_TOOL_BROKEN = "TL3001";
    public static final String ALARM_SERVO_EXCESS_ERROR = "SV0411";
    public static final String ALARM_SPINDLE_OVERHEAT = "SP9001";

    /** A fault the machine is developing, since {@code onsetS} of simulated time. */
    public record ActiveFault(FaultType type, double severity, double onsetS) {}

    /** What the sensors cannot show: the truth a detector or a forecast is judged against. */
    public record Truth(String machineId, Instant timestamp, double timeS, List<ToolTruth> tools, BearingTruth bearing,
                        double bearingTempC, double housingTempC, double thermalGrowthUm, double spindleSpeedRpm, double cuttingPowerKw,
                        List<SpindleVibration.Peak> vibrationPeaks, List<ActiveFault> activeFaults) {}

    public record ToolTruth(int toolNumber, int instance, double flankWearMm, double lifeConsumed, boolean broken) {}

    /** @param defect null while healthy; damage 0 (none) to 1 (fully developed) */
    public record BearingTruth(String designation, SpindleVibration.Defect defect, double damage, double l10LifeConsumed) {}

    private enum Phase { RUNNING, WAITING, ALARM }

    /** What happens when a wait or an alarm ends. */
    private enum Resume { CONTINUE, NEXT_PROGRAM, RESTART_PROGRAM }

    private final String machineId;
    private final MachineSpec spec;
    private final Job job;
    private final Instant start;
    private final SplittableRandom random;
    private final Sensor speedSensor;
    private final Sensor loadSensor;
    private final Sensor powerSensor;
    private final Sensor temperatureSensor;
    private final Sensor vibrationSensor;
    private final SpindleThermal thermal;
    private final StockModel stock;
    private final Map<Integer, ToolWear> toolWear = new TreeMap<>();
    private final Map<Integer, Integer> toolInstance = new HashMap<>();
    private final EnumMap<FaultType, ActiveFault> activeFaults = new EnumMap<>(FaultType.class);
    private final List<ActiveFault> pendingFaults = new ArrayList<>();
    private final List<MachineEvent> events = new ArrayList<>();

    private double timeS;
    /**
     * The last numbers used. They start from the clock (tenths of a second since the epoch), as a
     * controller's counters survive its restarts: a restarted simulator is never taken for a repeat.
     */
    private long sampleSequence;
    private long eventSequence;
    private long partCount;
    private int programIndex;
    private List<CanonicalOperation> operations;
    private int operationIndex;
    private double operationElapsedS;
    private double operationDurationS = Double.NaN;
    private int toolInSpindle;
    private boolean brokenToolInSpindle;
    private Phase phase = Phase.RUNNING;
    private double phaseEndS;
    private Resume resume;
    private String activeAlarm;
    private FaultType repairing;
    private ExecutionState executionState = ExecutionState.READY;
    private double programStartS;

    private double spindleSpeedRpm;
    private double cuttingPowerKw;
    private double tailPositionFeedMmPerMin;
    private Position workPosition = Position.ORIGIN;
    private Position machineOffset = Position.ORIGIN;
    private SpindleVibration.Defect bearingDefect;
    private double bearingDamage;
    private double bearingLifeConsumed;
    private double servoErrorMm;

    // per sample: time integrals of what the controller averages over the sampling period
    private double torqueIntegralNmS;
    private double cuttingPowerIntegralKwS;
    private boolean breakageImpact;

    /**
     * @param start the simulated clock's zero: sample timestamps are {@code start} plus simulated time
     */
    public SimulatedMachine(String machineId, MachineSpec spec, Job job, long seed, Instant start) {
        this.machineId = machineId;
        this.spec = spec;
        this.job = job;
        this.start = start;
        this.sampleSequence = start.toEpochMilli() / 100;
        this.eventSequence = start.toEpochMilli() / 100;
        this.random = new SplittableRandom(seed);
        this.speedSensor = new Sensor(new Sensor.Spec(2, 1, 0, 100_000), random.nextLong());
        this.loadSensor = new Sensor(new Sensor.Spec(0.5, 1, 0, 999), random.nextLong());
        this.powerSensor = new Sensor(new Sensor.Spec(0.02, 0.01, 0, 999), random.nextLong());
        this.temperatureSensor = new Sensor(new Sensor.Spec(0.05, 0.1, -50, 300), random.nextLong());
        this.vibrationSensor = new Sensor(new Sensor.Spec(0.03, 0.01, 0, 999), random.nextLong());
        this.thermal = new SpindleThermal(spec.thermal(), AMBIENT_TEMP_C);
        Job.Stock raw = job.stock();
        this.stock = new StockModel(raw.minXMm(), raw.minYMm(), raw.maxXMm(), raw.maxYMm(), raw.topZMm(), raw.cellMm());
        for (ToolSpec tool : job.tools().values()) {
            toolWear.put(tool.number(), new ToolWear(tool.material(), job.material()));
            toolInstance.put(tool.number(), 1);
        }
        startProgram(0);
    }

    public String machineId() {
        return machineId;
    }

    public MachineSpec spec() {
        return spec;
    }

    /** Simulated seconds since the start. */
    public double timeS() {
        return timeS;
    }

    public long partCount() {
        return partCount;
    }

    // ================================================================ faults

    /**
     * Makes the machine develop {@code fault} from simulated time {@code atTimeS} on (now, if
     * that has passed).
     *
     * @param severity 0-1: how fast it develops or how strong it is (docs/simulator.md)
     */
    public void inject(FaultType fault, double severity, double atTimeS) {
        if (!(severity > 0 && severity <= 1)) {
            throw new IllegalArgumentException("fault severity must be in (0, 1], was " + severity);
        }
        pendingFaults.add(new ActiveFault(fault, severity, Math.max(atTimeS, timeS)));
    }

    /** Ends {@code fault}, as if repaired: a developed bearing defect stays until the bearing is replaced. */
    public void clear(FaultType fault) {
        pendingFaults.removeIf(pending -> pending.type() == fault);
        activeFaults.remove(fault);
        sensorFor(fault).ifPresent(Sensor::clear);
        if (fault == FaultType.BEARING_OUTER_RACE_DEFECT || fault == FaultType.BEARING_INNER_RACE_DEFECT) {
            bearingDefect = null;
            bearingDamage = 0;
        }
    }

    public List<ActiveFault> activeFaults() {
        return List.copyOf(activeFaults.values());
    }

    private void activateDueFaults() {
        for (var iterator = pendingFaults.iterator(); iterator.hasNext(); ) {
            ActiveFault fault = iterator.next();
            if (fault.onsetS() <= timeS + 1e-9) {
                iterator.remove();
                activeFaults.put(fault.type(), new ActiveFault(fault.type(), fault.severity(), timeS));
                switch (fault.type()) {
                    case BEARING_OUTER_RACE_DEFECT, BEARING_INNER_RACE_DEFECT -> {
                        bearingDefect = fault.type() == FaultType.BEARING_OUTER_RACE_DEFECT ? SpindleVibration.Defect.OUTER_RACE : SpindleVibration.Defect.INNER_RACE;
                        bearingDamage = Math.max(bearingDamage, INITIAL_DEFECT_DAMAGE);
                    }
                    case SENSOR_DRIFT -> temperatureSensor.inject(new Sensor.Fault.Drift(20 * fault.severity()), timeS);
                    case SENSOR_STUCK -> vibrationSensor.inject(new Sensor.Fault.Stuck(), timeS);
                    case SENSOR_DROPOUT -> vibrationSensor.inject(new Sensor.Fault.Dropout(), timeS);
                    default -> { } // the others act where their physics is computed
                }
            }
        }
    }

    private Optional<Sensor> sensorFor(FaultType fault) {
        return switch (fault) {
            case SENSOR_DRIFT -> Optional.of(temperatureSensor);
            case SENSOR_STUCK, SENSOR_DROPOUT -> Optional.of(vibrationSensor);
            default -> Optional.empty();
        };
    }

    private double severity(FaultType fault) {
        ActiveFault active = activeFaults.get(fault);
        return active == null ? 0 : active.severity();
    }

    // ================================================================ the clock

    /** Advances one sampling period and returns what the controller and sensors report. */
    public TelemetrySample nextSample() {
        activateDueFaults();
        double end = timeS + SAMPLE_PERIOD_S;
        torqueIntegralNmS = 0;
        cuttingPowerIntegralKwS = 0;
        breakageImpact = false;
        while (timeS < end - 1e-9) {
            double available = end - timeS;
            if (phase == Phase.RUNNING) {
                runOperation(available);
            } else {
                double waited = Math.min(available, phaseEndS - timeS);
                advance(waited, 0, 0, 0);
                if (timeS >= phaseEndS - 1e-9) {
                    endWait();
                }
            }
        }
        return sample();
    }

    /**
     * Physics over {@code seconds} with constant inputs: the spindle follows its command against
     * the cutting torque, the spindle heats and cools, the bearing ages.
     */
    private void advance(double seconds, double cuttingTorqueNm, double cuttingPowerKwNow, double commandedRpm) {
        if (seconds <= 0) {
            return;
        }
        double speedBefore = spindleSpeedRpm;
        spindleSpeedRpm = spec.spindle().nextSpeedRpm(spindleSpeedRpm, commandedRpm, cuttingTorqueNm, seconds);
        double meanSpeed = (speedBefore + spindleSpeedRpm) / 2;
        double torque = cuttingTorqueNm + spec.spindle().dragTorqueNm(meanSpeed);
        double spindlePowerW = torque * meanSpeed * 2 * Math.PI / 60;
        thermal.step(seconds, meanSpeed, HOUSING_HEAT_SHARE * spindlePowerW, AMBIENT_TEMP_C, !activeFaults.containsKey(FaultType.COOLANT_FAILURE));
        if (meanSpeed > 0) {
            // Cutting force adds to the bearing's design load (tangential force on the tool, roughly shared by the bearings).
            double loadKn = spec.bearingLoadKn() + Math.abs(cuttingTorqueNm) / 0.05 / 1000 / 2;
            bearingLifeConsumed += seconds / 3600 / spec.frontBearing().l10Hours(loadKn, meanSpeed);
        }
        if (bearingDefect != null && bearingDamage < 1) {
            ActiveFault fault = activeFaults.get(bearingDefect == SpindleVibration.Defect.OUTER_RACE
                    ? FaultType.BEARING_OUTER_RACE_DEFECT : FaultType.BEARING_INNER_RACE_DEFECT);
            if (fault != null) {
                bearingDamage = Math.min(1, bearingDamage * Math.exp(seconds / defectGrowthTimeConstantS(fault.severity())));
            }
        }
        torqueIntegralNmS += torque * seconds;
        cuttingPowerIntegralKwS += cuttingPowerKwNow * seconds;
        timeS += seconds;
        checkProtections();
    }

    /**
     * A defect grows from {@link #INITIAL_DEFECT_DAMAGE} to fully developed in 10 minutes at
     * severity 1 and in about a day at severity near 0: exponential, as spall growth is.
     */
    static double defectGrowthTimeConstantS(double severity) {
        double fullyDevelopedAfterS = 600 + (1 - severity) * 24 * 3600;
        return fullyDevelopedAfterS / Math.log(1 / INITIAL_DEFECT_DAMAGE);
    }

    /** The control's own protections: spindle overheat and excess following error stop the machine. */
    private void checkProtections() {
        if (phase == Phase.ALARM) {
            return;
        }
        if (thermal.bearingTempC() > OVERHEAT_ALARM_TEMP_C) {
            raiseAlarm(ALARM_SPINDLE_OVERHEAT, "SPINDLE OVERHEAT", 1200, FaultType.COOLANT_FAILURE);
        } else if (servoErrorMm > SERVO_ALARM_FOLLOWING_ERROR_MM) {
            raiseAlarm(ALARM_SERVO_EXCESS_ERROR, "EXCESS ERROR (MOVING) X", 1800, FaultType.AXIS_SERVO_FAULT);
        }
    }

    // ================================================================ the program

    private void startProgram(int index) {
        programIndex = index;
        if (index == 0) {
            Job.Stock raw = job.stock();
            stock.reset(raw.topZMm());
        }
        operations = job.operations(spec.profile(), index);
        operationIndex = 0;
        operationElapsedS = 0;
        operationDurationS = Double.NaN;
        programStartS = timeS;
        phase = Phase.RUNNING;
        emit(new MachineEvent.ProgramStarted(programName()));
        setExecutionState(ExecutionState.ACTIVE);
    }

    public String programName() {
        return job.programs().get(programIndex).name();
    }

    private void runOperation(double available) {
        if (operationIndex >= operations.size()) {
            endProgram(); // a program that ends without M30
            return;
        }
        CanonicalOperation operation = operations.get(operationIndex);
        ModalState state = operation.state();
        if (Double.isNaN(operationDurationS)) {
            operationDurationS = durationS(operation);
            machineOffset = state.machinePosition().minus(state.workPosition());
        }
        double commandedRpm = state.spindleDirection() != 0 ? state.spindleSpeedRpm() : 0;
        double chunk;
        if (operation instanceof CanonicalOperation.SpindleChange) {
            // Spindle speed arrival: the control waits for the spindle before it goes on.
            chunk = Math.min(available, 0.01);
            advance(chunk, 0, 0, commandedRpm);
            if (Math.abs(spindleSpeedRpm - Math.min(commandedRpm, spec.spindle().maxSpeedRpm())) <= SPINDLE_ARRIVAL_FRACTION * commandedRpm + 1) {
                finishOperation(operation);
            }
            return;
        }
        chunk = Math.min(available, operationDurationS - operationElapsedS);
        if (operation instanceof CanonicalOperation.ToolChange) {
            commandedRpm = 0; // the spindle orients and stops for the change
        }
        double torque = 0;
        double power = 0;
        tailPositionFeedMmPerMin = 0;
        if (isMotion(operation) && operationDurationS > 0) {
            double f0 = operationElapsedS / operationDurationS;
            double f1 = (operationElapsedS + chunk) / operationDurationS;
            Position to = pointAt(operation, f1);
            if (!(operation instanceof CanonicalOperation.Traverse) && chunk > 0) {
                CuttingForce.Result cut = cut(operation, f0, f1, chunk);
                torque = cut.spindleTorqueNm();
                power = cut.cuttingPowerKw();
            }
            workPosition = to;
            tailPositionFeedMmPerMin = operation instanceof CanonicalOperation.Traverse ? spec.profile().rapidRateMmPerMin() : feedMmPerMin(state);
        }
        advance(chunk, torque, power, commandedRpm);
        if (phase != Phase.RUNNING) {
            return; // an alarm stopped the machine in the middle of the move
        }
        operationElapsedS += chunk;
        if (operationElapsedS >= operationDurationS - 1e-12) {
            finishOperation(operation);
        }
    }

    private void finishOperation(CanonicalOperation operation) {
        operationIndex++;
        operationElapsedS = 0;
        operationDurationS = Double.NaN;
        if (isMotion(operation)) {
            workPosition = operation.state().workPosition();
        } else if (operation instanceof CanonicalOperation.ToolChange change) {
            changeTool(change.toToolNumber());
        } else if (operation instanceof CanonicalOperation.ProgramStop stop) {
            if (stop.code() == MCode.M00 || stop.code() == MCode.M01) {
                waitFor(10 + 20 * random.nextDouble(), Resume.CONTINUE, ExecutionState.PROGRAM_STOPPED);
            } else {
                endProgram();
            }
        }
    }

    private void endProgram() {
        boolean lastOfPart = programIndex == job.programs().size() - 1;
        if (lastOfPart) {
            partCount++;
        }
        emit(new MachineEvent.ProgramCompleted(programName(), timeS - programStartS, partCount));
        // Unloading and loading: a new blank after the last operation, a re-clamp between operations.
        double loadingS = lastOfPart ? 30 + 60 * random.nextDouble() : 8 + 12 * random.nextDouble();
        waitFor(loadingS, Resume.NEXT_PROGRAM, ExecutionState.PROGRAM_COMPLETED);
    }

    private void waitFor(double seconds, Resume then, ExecutionState state) {
        phase = Phase.WAITING;
        phaseEndS = timeS + seconds;
        resume = then;
        setExecutionState(state);
    }

    private void endWait() {
        if (phase == Phase.ALARM) {
            repair();
        }
        phase = Phase.RUNNING;
        switch (resume) {
            case CONTINUE -> setExecutionState(ExecutionState.ACTIVE);
            case NEXT_PROGRAM -> startProgram((programIndex + 1) % job.programs().size());
            case RESTART_PROGRAM -> startProgram(programIndex);
        }
    }

    // ================================================================ alarms and repairs

    /** Stops the machine with an alarm; after {@code repairS} someone has fixed {@code cause} and the program starts again. */
    private void raiseAlarm(String code, String message, double repairS, FaultType cause) {
        activeAlarm = code;
        phase = Phase.ALARM;
        phaseEndS = timeS + repairS;
        resume = Resume.RESTART_PROGRAM;
        repairing = cause;
        emit(new MachineEvent.AlarmRaised(code, message));
        setExecutionState(ExecutionState.STOPPED);
    }

    private void repair() {
        emit(new MachineEvent.AlarmCleared(activeAlarm));
        activeAlarm = null;
        if (repairing == FaultType.TOOL_BREAKAGE) {
            replaceTool(toolInSpindle, "tool broken");
            brokenToolInSpindle = false;
        } else {
            emit(new MachineEvent.MaintenancePerformed(repairing == FaultType.COOLANT_FAILURE ? MaintenanceAction.COOLANT_SERVICED : MaintenanceAction.AXIS_SERVICED,
                    0, "simulator", "repaired after alarm"));
        }
        clear(repairing);
        servoErrorMm = 0;
        repairing = null;
    }

    // ================================================================ tools

    private void changeTool(int toolNumber) {
        emit(new MachineEvent.ToolChanged(toolInSpindle, toolNumber));
        toolInSpindle = toolNumber;
        ToolWear wear = toolWear.get(toolNumber);
        if (wear != null && wear.lifeConsumed() >= TOOL_LIFE_LIMIT) {
            replaceTool(toolNumber, "tool life management");
        }
    }

    private void replaceTool(int toolNumber, String reason) {
        ToolWear wear = toolWear.get(toolNumber);
        if (wear == null) {
            return;
        }
        wear.replace();
        toolInstance.merge(toolNumber, 1, Integer::sum);
        emit(new MachineEvent.MaintenancePerformed(MaintenanceAction.TOOL_REPLACED, toolNumber, "simulator", reason));
    }

    private void breakTool() {
        brokenToolInSpindle = true;
        breakageImpact = true;
        activeFaults.remove(FaultType.TOOL_BREAKAGE);
        raiseAlarm(ALARM_TOOL_BROKEN, "TOOL BROKEN T" + toolInSpindle, 180 + 240 * random.nextDouble(), FaultType.TOOL_BREAKAGE);
    }

    // ================================================================ cutting

    /**
     * Moves the tool from {@code f0} to {@code f1} of the way along a feed move through the stock
     * and returns what that cut asks of the spindle; wears the tool.
     */
    private CuttingForce.Result cut(CanonicalOperation operation, double f0, double f1, double seconds) {
        ToolSpec tool = job.tools().get(toolInSpindle);
        if (tool == null || brokenToolInSpindle) {
            return CuttingForce.Result.NONE;
        }
        double radius = tool.diameterMm() / 2;
        double lengthMm = lengthMm(operation) * (f1 - f0);
        int pieces = operation instanceof CanonicalOperation.ArcFeed ? Math.max(1, (int) Math.ceil(lengthMm / ARC_CHORD_MM)) : 1;
        double volume = 0;
        double axialWeighted = 0;
        double radialWeighted = 0;
        Position from = pointAt(operation, f0);
        for (int piece = 1; piece <= pieces; piece++) {
            Position to = pointAt(operation, f0 + (f1 - f0) * piece / pieces);
            StockModel.Cut cut = stock.cut(from.x(), from.y(), from.z(), to.x(), to.y(), to.z(), radius);
            volume += cut.removedVolumeMm3();
            axialWeighted += cut.axialDepthMm() * cut.removedVolumeMm3();
            radialWeighted += cut.radialEngagementMm() * cut.removedVolumeMm3();
            from = to;
        }
        if (volume <= 0) {
            return CuttingForce.Result.NONE;
        }
        ToolWear wear = toolWear.get(tool.number());
        CuttingConditions conditions = new CuttingConditions(tool.diameterMm(), tool.teeth(), spindleSpeedRpm, feedMmPerMin(operation.state()),
                axialWeighted / volume, radialWeighted / volume);
        double wearFactor = 1 + 19 * severity(FaultType.ACCELERATED_TOOL_WEAR);
        wear.cut(conditions, seconds, wearFactor);
        CuttingForce.Result result = CuttingForce.of(conditions, job.material(), wear.flankWearMm());
        if (conditions.isCutting() && (activeFaults.containsKey(FaultType.TOOL_BREAKAGE) || breaksNaturally(wear.flankWearMm(), seconds))) {
            // The moment of breakage: a torque impulse before the edge is gone.
            result = new CuttingForce.Result(result.meanChipThicknessMm(), result.specificForceNPerMm2(), 3 * result.cuttingPowerKw(),
                    3 * result.spindleTorqueNm(), 3 * result.tangentialForceN());
            breakTool();
        }
        return result;
    }

    private boolean breaksNaturally(double flankWearMm, double seconds) {
        if (flankWearMm <= ToolWear.END_OF_LIFE_VB_MM) {
            return false;
        }
        double hazardPerS = BREAKAGE_HAZARD_PER_S_AT_CERTAIN * (flankWearMm - ToolWear.END_OF_LIFE_VB_MM) / (CERTAIN_BREAKAGE_VB_MM - ToolWear.END_OF_LIFE_VB_MM);
        return flankWearMm >= CERTAIN_BREAKAGE_VB_MM || random.nextDouble() < hazardPerS * seconds;
    }

    private double feedMmPerMin(ModalState state) {
        return state.feedPerRevolution() ? state.feedRate() * spindleSpeedRpm : state.feedRate();
    }

    private static boolean isMotion(CanonicalOperation operation) {
        return operation instanceof CanonicalOperation.Traverse || operation instanceof CanonicalOperation.LinearFeed
                || operation instanceof CanonicalOperation.ArcFeed;
    }

    private double durationS(CanonicalOperation operation) {
        ModalState state = operation.state();
        if (operation instanceof CanonicalOperation.Traverse) {
            return lengthMm(operation) / spec.profile().rapidRateMmPerMin() * 60;
        }
        if (operation instanceof CanonicalOperation.LinearFeed || operation instanceof CanonicalOperation.ArcFeed) {
            double feed = state.feedPerRevolution() ? state.feedRate() * state.spindleSpeedRpm() : state.feedRate();
            return feed > 0 ? lengthMm(operation) / feed * 60 : 0;
        }
        if (operation instanceof CanonicalOperation.Dwell dwell) {
            return dwell.seconds();
        }
        if (operation instanceof CanonicalOperation.ToolChange) {
            return spec.profile().toolChangeTimeS();
        }
        return 0;
    }

    private static double lengthMm(CanonicalOperation operation) {
        if (operation instanceof CanonicalOperation.ArcFeed arc) {
            return ArcGeometry.of(arc).lengthMm();
        }
        if (operation instanceof CanonicalOperation.Traverse traverse) {
            return traverse.start().linearDistanceTo(traverse.state().workPosition());
        }
        if (operation instanceof CanonicalOperation.LinearFeed feed) {
            return feed.start().linearDistanceTo(feed.state().workPosition());
        }
        return 0;
    }

    private static Position pointAt(CanonicalOperation operation, double fraction) {
        if (operation instanceof CanonicalOperation.ArcFeed arc) {
            return ArcGeometry.of(arc).pointAt(fraction);
        }
        Position start = operation instanceof CanonicalOperation.Traverse traverse ? traverse.start() : ((CanonicalOperation.LinearFeed) operation).start();
        Position end = operation.state().workPosition();
        return start.plus(end.minus(start).scaled(Math.min(1, fraction)));
    }

    // ================================================================ reporting

    private void emit(MachineEvent.Fact fact) {
        events.add(new MachineEvent(ProtocolCodec.SCHEMA_VERSION, machineId, timestamp(), ++eventSequence, fact));
    }

    private void setExecutionState(ExecutionState next) {
        if (next != executionState) {
            emit(new MachineEvent.ExecutionStateChanged(executionState, next));
            executionState = next;
        }
    }

    /** The events since the last call (program started and completed, tool changes, alarms...). */
    public List<MachineEvent> drainEvents() {
        List<MachineEvent> drained = List.copyOf(events);
        events.clear();
        return drained;
    }

    private Instant timestamp() {
        return start.plusNanos(Math.round(timeS * 1e9));
    }

    private List<SpindleVibration.Peak> vibrationPeaks(double cuttingPowerKwMean) {
        List<SpindleVibration.Peak> peaks = new ArrayList<>(SpindleVibration.spectrum(spec.vibration(), spec.frontBearing(), spindleSpeedRpm,
                1 + 4 * severity(FaultType.SPINDLE_IMBALANCE), bearingDefect, bearingDamage));
        ToolSpec tool = job.tools().get(toolInSpindle);
        if (cuttingPowerKwMean > 0 && tool != null) {
            peaks.add(new SpindleVibration.Peak(spindleSpeedRpm / 60 * tool.teeth(),
                    TOOTH_PASS_MM_PER_S_AT_RATED_POWER * cuttingPowerKwMean / spec.spindle().ratedPowerKw(), "tooth passing"));
        }
        if (breakageImpact) {
            peaks.add(new SpindleVibration.Peak(0, 8, "breakage impact"));
        }
        return peaks;
    }

    private TelemetrySample sample() {
        double torque = torqueIntegralNmS / SAMPLE_PERIOD_S;
        cuttingPowerKw = cuttingPowerIntegralKwS / SAMPLE_PERIOD_S;
        double powerKw = Math.max(0, torque * spindleSpeedRpm * 2 * Math.PI / 60 / 1000);
        double vibration = SpindleVibration.rmsMmPerS(vibrationPeaks(cuttingPowerKw));
        double servoSeverity = severity(FaultType.AXIS_SERVO_FAULT);
        double servoOffsetMm = 0;
        if (servoSeverity > 0) {
            // A failing X drive: a following error that grows and oscillates while the axis moves.
            double envelope = servoSeverity * 0.02 * (1 + (timeS - activeFaults.get(FaultType.AXIS_SERVO_FAULT).onsetS()) / 60);
            servoErrorMm = tailPositionFeedMmPerMin > 0 ? envelope : 0;
            servoOffsetMm = servoErrorMm * Math.sin(2 * Math.PI * 3.3 * timeS);
        }
        Position machinePosition = workPosition.plus(machineOffset);
        ModalState state = operationIndex < operations.size() ? operations.get(operationIndex).state() : null;
        double vibrationReading = vibrationSensor.read(vibration, timeS);
        return new TelemetrySample(
                timestamp(),
                ++sampleSequence,
                speedSensor.read(spindleSpeedRpm, timeS),
                loadSensor.read(spec.spindle().loadPercent(spindleSpeedRpm, torque), timeS),
                powerSensor.read(powerKw, timeS),
                temperatureSensor.read(thermal.bearingTempC(), timeS),
                Double.isNaN(vibrationReading) ? 0 : vibrationReading, // a dead accelerometer reads zero
                Map.of(LinearAxis.X, round(machinePosition.x() + servoOffsetMm), LinearAxis.Y, round(machinePosition.y()), LinearAxis.Z, round(machinePosition.z())),
                Map.of(),
                phase == Phase.RUNNING ? tailPositionFeedMmPerMin : 0,
                programName(),
                state == null || state.sequenceNumber() < 0 ? 0 : state.sequenceNumber(),
                toolInSpindle,
                executionState,
                ControllerMode.AUTOMATIC,
                state == null ? CoolantState.OFF : state.floodCoolant() ? CoolantState.FLOOD : state.mistCoolant() ? CoolantState.MIST : CoolantState.OFF,
                partCount,
                activeAlarm == null ? List.of() : List.of(activeAlarm));
    }

    private static double round(double mm) {
        return Math.round(mm * 1000) / 1000.0; // the control reports µm
    }

    /** The top of the workpiece at (x, y) in G54, mm: what the part looks like so far. */
    public double stockTopZAt(double xMm, double yMm) {
        return stock.topAt(xMm, yMm);
    }

    /** The hidden state now. */
    public Truth truth() {
        List<ToolTruth> tools = new ArrayList<>();
        toolWear.forEach((number, wear) -> tools.add(new ToolTruth(number, toolInstance.get(number), wear.flankWearMm(), wear.lifeConsumed(),
                number == toolInSpindle && brokenToolInSpindle)));
        return new Truth(machineId, timestamp(), timeS, tools,
                new BearingTruth(spec.frontBearing().designation(), bearingDefect, bearingDamage, bearingLifeConsumed),
                thermal.bearingTempC(), thermal.housingTempC(), thermal.thermalGrowthUm(), spindleSpeedRpm, cuttingPowerKw,
                vibrationPeaks(cuttingPowerKw), activeFaults());
    }
}
