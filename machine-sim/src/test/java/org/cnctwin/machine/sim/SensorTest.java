package org.cnctwin.machine.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SensorTest {

    static final Sensor.Spec THERMOCOUPLE = new Sensor.Spec(0.2, 0.1, -50, 300);

    @Test
    void readingsScatterAroundTheTruthAtTheResolution() {
        Sensor sensor = new Sensor(THERMOCOUPLE, 42);
        double sum = 0;
        double sumSquares = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            double reading = sensor.read(35.0, i * 0.1);
            assertThat(Math.abs(reading * 10 - Math.rint(reading * 10))).isLessThan(1e-9);
            sum += reading;
            sumSquares += (reading - 35) * (reading - 35);
        }
        assertThat(sum / n).isCloseTo(35.0, within(0.01));
        assertThat(Math.sqrt(sumSquares / n)).isCloseTo(Math.sqrt(0.2 * 0.2 + 0.1 * 0.1 / 12), within(0.01));
    }

    @Test
    void theSameSeedGivesTheSameReadings() {
        Sensor a = new Sensor(THERMOCOUPLE, 7);
        Sensor b = new Sensor(THERMOCOUPLE, 7);
        for (int i = 0; i < 100; i++) {
            assertThat(a.read(20 + i, i)).isEqualTo(b.read(20 + i, i));
        }
    }

    @Test
    void driftGrowsWithTimeStuckRepeatsDropoutIsSilent() {
        Sensor drifting = new Sensor(new Sensor.Spec(0, 0, -50, 300), 1);
        drifting.inject(new Sensor.Fault.Drift(6), 3600);
        assertThat(drifting.read(30, 3600 + 1800)).isCloseTo(33, within(1e-9));

        Sensor stuck = new Sensor(THERMOCOUPLE, 2);
        double last = stuck.read(30, 0);
        stuck.inject(new Sensor.Fault.Stuck(), 1);
        assertThat(stuck.read(80, 10)).isEqualTo(last);
        stuck.clear();
        assertThat(stuck.read(80, 20)).isCloseTo(80, within(1.5));

        Sensor dropping = new Sensor(THERMOCOUPLE, 3);
        dropping.inject(new Sensor.Fault.Dropout(), 0);
        assertThat(dropping.read(30, 1)).isNaN();
    }

    @Test
    void readingsStayInTheSensorsRange() {
        Sensor sensor = new Sensor(new Sensor.Spec(0, 0, 0, 100), 4);
        assertThat(sensor.read(-5, 0)).isZero();
        assertThat(sensor.read(250, 1)).isEqualTo(100);
    }
}
