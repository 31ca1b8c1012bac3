package org.cnctwin.twin.api;

import java.util.Map;
import java.util.TreeMap;
import org.cnctwin.machine.physics.ToolMaterial;
import org.cnctwin.machine.physics.WorkpieceMaterial;
import org.cnctwin.machine.sim.ToolSpec;
import org.cnctwin.protocol.InvalidMessageException;
import org.cnctwin.twin.MachineConfiguration;

/**
 * A machine's configuration as the API reads and writes it (OpenAPI schema {@code Configuration}):
 * the body of {@code PUT /machines/{id}/config} and part of the twin document.
 *
 * @param profile vmc-3axis, hsm-24k or hmc-500
 */
public record Configuration(String profile, Map<Integer, Tool> tools, WorkpieceMaterial material) {

    /** One tool of the magazine (OpenAPI schema {@code Tool}). */
    public record Tool(int number, double diameterMm, int teeth, ToolMaterial material, String description) {}

    public static Configuration of(MachineConfiguration configuration) {
        Map<Integer, Tool> tools = new TreeMap<>();
        configuration.tools().forEach((number, tool) -> tools.put(number,
                new Tool(tool.number(), tool.diameterMm(), tool.teeth(), tool.material(), tool.description())));
        return new Configuration(configuration.profile(), tools, configuration.material());
    }

    /** @throws InvalidMessageException naming the field (a JSONPath in this document) that is missing or out of range */
    public MachineConfiguration toMachineConfiguration() {
        if (tools == null) {
            throw new InvalidMessageException("$.tools", "required");
        }
        Map<Integer, ToolSpec> specs = new TreeMap<>();
        tools.forEach((number, tool) -> specs.put(number, tool == null ? null
                : new ToolSpec(tool.number(), tool.diameterMm(), tool.teeth(), tool.material(), tool.description())));
        return new MachineConfiguration(profile, specs, material);
    }
}
