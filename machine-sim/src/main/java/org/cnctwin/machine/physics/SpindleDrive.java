package org.cnctwin.machine.physics;

/**
 * The spindle motor and its rotating mass: speed follows the commanded S within the motor's
 * torque and power limits (constant torque up to the base speed, constant power above it),
 * against the cutting torque and a speed-proportional drag. A cut that asks for more than the
 * motor can give slows the spindle down: that is a stall.
 *
 * @param ratedPowerKw continuous power above base speed
 * @param baseSpeedRpm where constant torque turns into constant power
 * @param maxSpeedRpm the highest S the spindle accepts
 * @param inertiaKgM2 rotor + spindle + tool holder
 * @param dragNmPerKrpm viscous drag torque per 1000 rpm (bearings, seals, air)
 */
public record SpindleDrive(double ratedPowerKw, double baseSpeedRpm, double maxSpeedRpm, double inertiaKgM2, double dragNmPerKrpm) {

    /** The most torque the motor gives at {@code speedRpm}, Nm. */
    public double maxTorqueNm(double speedRpm) {
        double omegaBase = baseSpeedRpm * 2 * Math.PI / 60;
        double constantTorque = ratedPowerKw * 1000 / omegaBase;
        if (speedRpm <= baseSpeedRpm) {
            return constantTorque;
        }
        return ratedPowerKw * 1000 / (speedRpm * 2 * Math.PI / 60);
    }

    /** Drag torque at speed, Nm. */
    public double dragTorqueNm(double speedRpm) {
        return dragNmPerKrpm * Math.abs(speedRpm) / 1000;
    }

    /**
     * The speed after {@code seconds}, from {@code speedRpm}, commanded to {@code commandedRpm}
     * (0 when stopped), against {@code cuttingTorqueNm}. Integrated in steps of at most 10 ms.
     */
    public double nextSpeedRpm(double speedRpm, double commandedRpm, double cuttingTorqueNm, double seconds) {
        double target = Math.min(Math.max(commandedRpm, 0), maxSpeedRpm);
        double rpmPerSPerNm = 60 / (2 * Math.PI) / inertiaKgM2;
        double speed = speedRpm;
        for (double remaining = seconds; remaining > 1e-12; remaining -= 0.01) {
            double dt = Math.min(remaining, 0.01);
            double load = cuttingTorqueNm + dragTorqueNm(speed);
            double available = maxTorqueNm(speed);
            if (speed == target && load <= available) {
                continue; // holding speed
            }
            if (speed <= target) {
                // Accelerating with the spare torque; with none spare (stall) the spindle slows down.
                double next = speed + (available - load) * rpmPerSPerNm * dt;
                speed = next >= target && speed < target ? target : Math.max(0, next);
            } else {
                // Braking: the motor's torque and the load both slow it.
                double next = speed - (available + load) * rpmPerSPerNm * dt;
                speed = Math.max(next, target);
            }
        }
        return speed;
    }

    /** Spindle load as the controller shows it: power drawn over rated power, %. */
    public double loadPercent(double speedRpm, double torqueNm) {
        double powerKw = torqueNm * speedRpm * 2 * Math.PI / 60 / 1000;
        return 100 * powerKw / ratedPowerKw;
    }
}
