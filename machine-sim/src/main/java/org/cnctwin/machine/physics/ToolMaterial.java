package org.cnctwin.machine.physics;

/**
 * Cutting tool materials with their Taylor constants for steel ({@code V · T^n = C}, V in m/min,
 * T in min). Sources in docs/physics.md: Groover's tables as collected in ../shared/REFERENCE.md.
 *
 * @param taylorN the exponent n
 * @param taylorCMPerMin C: the cutting speed at which the tool lasts one minute
 */
public enum ToolMaterial {
    HSS(0.125, 80),
    CARBIDE(0.25, 300),
    COATED_CARBIDE(0.35, 500),
    CERAMIC(0.5, 3000),
    CBN(0.40, 800);

    public final double taylorN;
    public final double taylorCMPerMin;

    ToolMaterial(double taylorN, double taylorCMPerMin) {
        this.taylorN = taylorN;
        this.taylorCMPerMin = taylorCMPerMin;
    }
}
