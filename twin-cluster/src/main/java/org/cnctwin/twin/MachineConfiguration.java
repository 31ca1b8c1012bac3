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

    /** Until configured, a twin assumes the simulator's sample job on a 3-axis VMC. */
    public static MachineConfiguration defaults() {
        Job sample = Job.sample();
        return new MachineConfiguration(MachineSpec.VMC_3_AXIS.name(), new TreeMap<>(sample.tools()), sample.material());
    }

    public MachineSpec spec() {
        return MachineSpec.named(profile);
    }
}
