package org.cnctwin.twin;

import java.util.Map;
import java.util.TreeMap;
import org.cnctwin.machine.physics.WorkpieceMaterial;
import org.cnctwin.machine.sim.Job;
import org.cnctwin.machine.sim.MachineSpec;
import org.cnctwin.machine.sim.ToolSpec;

/**
 * What the twin must know of a machine to estimate what its sensors cannot show: its profile
 * (spindle, bearing, thermal and vibration parameters), the tools in its magazine and the
 * workpiece material it cuts.
 *
 * @param profile a {@link MachineSpec} name: vmc-3axis, hsm-24k or hmc-500
 */
public record MachineConfiguration(String profile, Map<Integer, ToolSpec> tools, WorkpieceMaterial material) implements CborSerializable {

    public MachineConfiguration {
        MachineSpec.named(profile); // refuses an unknown profile, naming the three it knows
        tools = Map.copyOf(tools);
    }

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
