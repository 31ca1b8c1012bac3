package org.cnctwin.machine.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a simulated fleet is laid out, in one place for everything that simulates one (fleet-sim's
 * {@code run}, the twin's {@code evaluate}): machine {@code index} is {@code <prefix>-NNN}, takes
 * the profiles in turn and a seed of its own, so the same options make the same machines wherever
 * they run; and the faults of {@code --fault} and {@code --scenario}, checked against the fleet.
 */
public final class FleetLayout {

    private FleetLayout() {}

    /** {@code <prefix>-001} for index 0. */
    public static String machineId(String idPrefix, int index) {
        return String.format("%s-%03d", idPrefix, index + 1);
    }

    public static MachineSpec profile(List<MachineSpec> profiles, int index) {
        return profiles.get(index % profiles.size());
    }

    /** The seed of machine {@code index} of a fleet run with {@code seed}. */
    public static long machineSeed(long seed, int index) {
        return seed * 1_000_003L + index;
    }

    /** The faults given as {@code --fault} texts and in a {@code --scenario} file (or null), in that order. */
    public static List<FaultSpec> faults(List<String> texts, Path scenario) {
        List<FaultSpec> faults = new ArrayList<>();
        for (String text : texts) {
            faults.add(FaultSpec.parse(text));
        }
        if (scenario != null) {
            String text;
            try {
                text = Files.readString(scenario, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("--scenario " + scenario + ": cannot read it (" + e.getClass().getSimpleName() + ")");
            }
            faults.addAll(FaultSpec.parseScenario(scenario.toString(), text));
        }
        return faults;
    }

    /** Refuses a fault for a machine the fleet does not have, naming the fleet's first and last. */
    public static void checkFaults(List<FaultSpec> faults, int machines, String idPrefix) {
        for (FaultSpec fault : faults) {
            if (fault.machineId() != null && !isMachine(fault.machineId(), machines, idPrefix)) {
                throw new IllegalArgumentException("fault for " + fault.machineId() + ": no such machine; the fleet is " + machineId(idPrefix, 0)
                        + " to " + machineId(idPrefix, machines - 1));
            }
        }
    }

    private static boolean isMachine(String id, int machines, String idPrefix) {
        for (int index = 0; index < machines; index++) {
            if (machineId(idPrefix, index).equals(id)) {
                return true;
            }
        }
        return false;
    }
}
