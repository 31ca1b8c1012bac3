package org.cnctwin.machine.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The command-line options of a simulated fleet, the same for every command that simulates one
 * (fleet-sim's {@code run}, the twin's {@code evaluate}): a picocli mixin, so the same command line
 * makes the same machines in either ({@link FleetLayout}).
 */
public final class FleetOptions {

    @Option(names = "--machines", defaultValue = "12", description = "how many machines (default ${DEFAULT-VALUE})")
    public int machines;

    @Option(names = "--profiles", split = ",", defaultValue = "vmc-3axis,hsm-24k,hmc-500",
            description = "machine profiles, given to the machines in turn (default ${DEFAULT-VALUE})")
    public List<String> profiles;

    @Option(names = "--seed", defaultValue = "1", description = "seed of every random choice (default ${DEFAULT-VALUE})")
    public long seed;

    @Option(names = "--fault", description = "inject a fault; repeatable")
    public List<String> faults = new ArrayList<>();

    @Option(names = "--scenario", description = "file of faults, one per line in the --fault syntax, # comments")
    public Path scenario;

    @Option(names = "--id-prefix", defaultValue = "cnc", description = "machine ids are <prefix>-001, <prefix>-002... (default ${DEFAULT-VALUE})")
    public String idPrefix;

    /** The profiles named, each checked. */
    public List<MachineSpec> specs() {
        return profiles.stream().map(String::trim).map(MachineSpec::named).toList();
    }

    /** The faults of {@code --fault} and {@code --scenario}, parsed; the fleet's options check them against the fleet. */
    public List<FaultSpec> faultSpecs() {
        return FleetLayout.faults(faults, scenario);
    }
}
