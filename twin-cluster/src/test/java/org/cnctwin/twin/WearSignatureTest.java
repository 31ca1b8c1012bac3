package org.cnctwin.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.cnctwin.machine.physics.CuttingForce;
import org.cnctwin.machine.physics.ToolWear;
import org.junit.jupiter.api.Test;

/** The wear rate a tool's energy per part shows, on parts made up from a known true rate. */
class WearSignatureTest {

    static final double FRESH_ENERGY_KWS = 40;
    /** The model's life fraction a part adds: 20 parts to the end of a model life. */
    static final double MODEL_LIFE_PER_PART = 0.05;

    /**
     * Runs {@code parts} parts of one program on edges of one tool that wear {@code trueFactor}
     * times the model's rate, with {@code noise} relative scatter on each part's energy; a new edge
     * whenever the true wear would pass the end of life.
     */
    static WearSignature run(double trueFactor, int parts, double noise, long seed) {
        Random random = new Random(seed);
        WearSignature signature = WearSignature.NONE;
        double modelLife = 0;
        for (int part = 0; part < parts; part++) {
            if (trueFactor * (modelLife + MODEL_LIFE_PER_PART) > 1) {
                signature = signature.edgeReplaced();
                modelLife = 0;
            }
            // Ten cuts a part, each at the true wear of its moment.
            for (int cut = 0; cut < 10; cut++) {
                modelLife += MODEL_LIFE_PER_PART / 10;
                double trueWearMm = ToolWear.flankWear(trueFactor * modelLife);
                double energy = FRESH_ENERGY_KWS / 10 * (1 + CuttingForce.WEAR_FORCE_GAIN_PER_MM * trueWearMm) * (1 + noise * random.nextGaussian());
                signature = signature.cut(energy, modelLife);
            }
            signature = signature.partEnded("O1000", true, modelLife);
        }
        return signature;
    }

    @Test
    void aToolThatWearsAsTheModelSaysKeepsTheModelsRateWhateverTheScatter() {
        // Up to 10 % scatter a cut, 3 % a part: far more than the sampling gives, and no fit may read it as wear.
        for (double noise : new double[] {0.003, 0.1}) {
            for (long seed = 1; seed <= 20; seed++) {
                assertThat(run(1, 12, noise, seed).wearRateFactor()).as("noise %s, seed %d", noise, seed).isEqualTo(1.0);
            }
        }
    }

    @Test
    void aToolThatWearsFasterShowsItsRate() {
        assertThat(run(4, 12, 0.003, 7).wearRateFactor()).isCloseTo(4, within(0.4));
        assertThat(run(10, 12, 0.003, 7).wearRateFactor()).isCloseTo(10, within(1.0));
    }

    @Test
    void aToolThatWearsSlowerShowsItToo() {
        assertThat(run(0.5, 12, 0.001, 7).wearRateFactor()).isCloseTo(0.5, within(0.1));
    }

    @Test
    void twoPartsCannotTellAndTheRecordIsBounded() {
        assertThat(run(10, 2, 0, 7).wearRateFactor()).isEqualTo(1.0);
        assertThat(run(10, 40, 0.003, 7).parts()).hasSize(WearSignature.MAX_PARTS);
    }

    @Test
    void aPartCutByTwoEdgesOrSeenInPartOrOfAnotherProgramIsNotCompared() {
        WearSignature signature = run(1, 5, 0, 7);
        assertThat(signature.parts()).hasSize(5);

        WearSignature mixed = signature.cut(4, 0.3).edgeReplaced().cut(4, 0.01).partEnded("O1000", true, 0.02);
        assertThat(mixed.parts()).isEqualTo(signature.parts());
        assertThat(mixed.energyKwS()).isZero();

        WearSignature seenInPart = signature.cut(4, 0.3).partEnded("O1000", false, 0.31);
        assertThat(seenInPart.parts()).isEqualTo(signature.parts());

        WearSignature otherProgram = signature.cut(4, 0.3).partEnded("O2000", true, 0.31);
        assertThat(otherProgram.programName()).isEqualTo("O2000");
        assertThat(otherProgram.parts()).hasSize(1);
    }
}
