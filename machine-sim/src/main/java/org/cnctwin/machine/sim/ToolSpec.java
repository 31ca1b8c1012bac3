package org.cnctwin.machine.sim;

import org.cnctwin.machine.physics.ToolMaterial;

/**
 * One tool of the magazine as the physics sees it: the cutting diameter and length come from the
 * tool table the interpreter reads, edges and material from the job's magazine file.
 */
public record ToolSpec(int number, double diameterMm, int teeth, ToolMaterial material, String description) {}
