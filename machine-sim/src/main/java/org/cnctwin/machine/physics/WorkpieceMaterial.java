package org.cnctwin.machine.physics;

/**
 * Workpiece materials: Kienzle's specific cutting force {@code kc = kc1.1 · h^-mc} (VDI 3323
 * groups) and how much longer a tool lasts than in steel (Taylor C is scaled by it).
 *
 * @param kc11NPerMm2 specific cutting force for a 1 mm × 1 mm chip
 * @param mc Kienzle's exponent
 * @param toolLifeFactor Taylor C relative to steel: Groover gives C 120 (HSS) / 900 (carbide) for
 *     non-steel against 70-100 / 300 for steel; unverified, a machine configuration may override
 */
public enum WorkpieceMaterial {
    STEEL_LOW_CARBON(1350, 0.21, 1.0),
    STEEL_MEDIUM_CARBON(1500, 0.22, 1.0),
    STEEL_QUENCHED_TEMPERED(1800, 0.24, 0.8),
    TOOL_STEEL(2450, 0.23, 0.6),
    STAINLESS_AUSTENITIC(2150, 0.20, 0.6),
    GREY_CAST_IRON(1150, 0.20, 1.2),
    NODULAR_CAST_IRON(1225, 0.25, 1.1),
    ALUMINIUM_WROUGHT(750, 0.25, 3.0),
    BRASS(700, 0.27, 2.0),
    NICKEL_ALLOY(3300, 0.24, 0.25),
    TITANIUM_ALPHA_BETA(1600, 0.23, 0.35);

    public final double kc11NPerMm2;
    public final double mc;
    public final double toolLifeFactor;

    WorkpieceMaterial(double kc11NPerMm2, double mc, double toolLifeFactor) {
        this.kc11NPerMm2 = kc11NPerMm2;
        this.mc = mc;
        this.toolLifeFactor = toolLifeFactor;
    }

    /** Specific cutting force at chip thickness {@code hMm}, N/mm². */
    public double specificCuttingForce(double hMm) {
        return kc11NPerMm2 * Math.pow(hMm, -mc);
    }
}
