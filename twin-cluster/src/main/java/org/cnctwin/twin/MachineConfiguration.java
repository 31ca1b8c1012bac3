package org.cnctwin.twin;

import java.util.Map;
import java.util.TreeMap;
import org.cnctwin.machine.physics.WorkpieceMaterial;
import org.cnctwin.machine.sim.Job;
import org.cnctwin.machine.sim.MachineSpec;
import org.cnctwin.machine.sim.ToolSpec;
import org.cnctwin.protocol.InvalidMessageException;

/**
 * What the twin must know of a machine to estimate what its sensors cannot show: its profile
 * (spindle, bearing, thermal and vibration parameters), the tools in its magazine and the
 * workpiece material it cuts.
 *
 * @param profile a {@link MachineSpec} name: vmc-3axis, hsm-24k or hmc-500
 */
public record MachineConfiguration(String profile, Map<Integer, ToolSpec> tools, WorkpieceMaterial material) implements CborSerializable {

    /** Each mistake names its JSONPath within the configuration document, as the HTTP API passes it on. */
    public MachineConfiguration {
        if (profile == null || tools == null || material == null) {
            throw new InvalidMessageException(profile == null ? "$.profile" : tools == null ? "$.tools" : "$.material", "required");
        }
        try {
            MachineSpec.named(profile);
        } catch (IllegalArgumentException unknown) { // it names the three profiles there are
            throw new InvalidMessageException("$.profile", unknown.getMessage());
        }
        for (Map.Entry<Integer, ToolSpec> entry : tools.entrySet()) {
            ToolSpec tool = entry.getValue();
            String where = "$.tools." + entry.getKey();
            if (tool == null || tool.material() == null) {
                throw new InvalidMessageException(where + (tool == null ? "" : ".material"), "required");
            }
            if (tool.number() != entry.getKey()) {
                throw new InvalidMessageException(where + ".number", "expected " + entry.getKey() + ", the tool's key, was " + tool.number());
            }
            if (!(tool.diameterMm() > 0 && tool.diameterMm() <= MAX_TOOL_DIAMETER_MM)) {
                throw new InvalidMessageException(where + ".diameterMm", "expected more than 0 and at most " + MAX_TOOL_DIAMETER_MM + ", was "
                        + tool.diameterMm());
            }
            if (tool.teeth() < 1 || tool.teeth() > MAX_TEETH) {
                throw new InvalidMessageException(where + ".teeth", "expected 1 to " + MAX_TEETH + ", was " + tool.teeth());
            }
        }
        tools = Map.copyOf(tools);
    }

    /** Face mills beyond this are not spindle tools of the machines we model. */
    static final double MAX_TOOL_DIAMETER_MM = 500;
    static final int MAX_TEETH = 60;

    /** Shared by every twin not yet configured: immutable, so one copy serves 100,000 twins. */
    private static final MachineConfiguration DEFAULTS = of(MachineSpec.VMC_3_AXIS, Job.sample());

    /** Until configured, a twin assumes the simulator's sample job on a 3-axis VMC. */
    public static MachineConfiguration defaults() {
        return DEFAULTS;
    }

    /** A machine of this profile running this job, with the job's tools and material. */
    public static MachineConfiguration of(MachineSpec spec, Job job) {
        return new MachineConfiguration(spec.name(), new TreeMap<>(job.tools()), job.material());
    }

    public MachineSpec spec() {
        return MachineSpec.named(profile);
    }
}
