package org.cnctwin.machine.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Engagement from the stock, checked against cuts whose geometry is known. */
class StockModelTest {

    @Test
    void aFullSlotEngagesTheWholeDiameterAtTheCutDepth() {
        StockModel stock = new StockModel(0, 0, 100, 40, 0, 0.25);
        stock.cut(-10, 20, -3, 20, 20, -3, 5); // entering the block from the side, up to where the measured slot starts
        StockModel.Cut slot = stock.cut(20, 20, -3, 60, 20, -3, 5);

        assertThat(slot.axialDepthMm()).isCloseTo(3, within(1e-9));
        assertThat(slot.radialEngagementMm()).isCloseTo(10, within(0.3));
        assertThat(slot.removedVolumeMm3()).isCloseTo(3 * 10 * 40, within(0.03 * 1200));
    }

    @Test
    void aSideCutEngagesWhatItTakesOffTheWall() {
        StockModel stock = new StockModel(0, 0, 100, 40, 0, 0.25);
        // Tool centre 2 mm outside the edge y = 0 with radius 5: it takes a 3 mm strip.
        StockModel.Cut side = stock.cut(-10, -2, -4, 110, -2, -4, 5);

        assertThat(side.axialDepthMm()).isCloseTo(4, within(1e-9));
        assertThat(side.radialEngagementMm()).isCloseTo(3, within(0.15));
        assertThat(stock.topAt(50, 2.9)).isEqualTo(-4.0);
        assertThat(stock.topAt(50, 3.1)).isEqualTo(0.0);
    }

    @Test
    void facingRemovesTheLayerAndASecondPassCutsAir() {
        StockModel stock = new StockModel(0, 0, 100, 80, 1, 0.5);
        double before = stock.volumeMm3(-10);
        for (double y = -20; y <= 100; y += 35) {
            stock.cut(-30, y, 0, 130, y, 0, 25);
        }
        assertThat(before - stock.volumeMm3(-10)).isCloseTo(100 * 80 * 1, within(1e-6));
        assertThat(stock.cut(-30, 40, 0, 130, 40, 0, 25).isCutting()).isFalse();
    }

    @Test
    void aPlungeEngagesTheWholeDiameter() {
        StockModel stock = new StockModel(0, 0, 50, 50, 0, 0.25);
        StockModel.Cut plunge = stock.cut(25, 25, 2, 25, 25, -5, 4);
        assertThat(plunge.axialDepthMm()).isCloseTo(5, within(0.2));
        assertThat(plunge.radialEngagementMm()).isEqualTo(8.0);
        assertThat(plunge.removedVolumeMm3()).isCloseTo(Math.PI * 16 * 5, within(0.03 * Math.PI * 80));
    }

    @Test
    void engagementFeedsKienzleForTheSpindleLoad() {
        StockModel stock = new StockModel(0, 0, 100, 40, 0, 0.25);
        stock.cut(-10, 20, -3, 20, 20, -3, 5);
        StockModel.Cut slot = stock.cut(20, 20, -3, 60, 20, -3, 5);
        CuttingConditions cut = new CuttingConditions(10, 4, 4800, 960, slot.axialDepthMm(), slot.radialEngagementMm());
        CuttingForce.Result fromStock = CuttingForce.of(cut, WorkpieceMaterial.STEEL_MEDIUM_CARBON, 0);
        CuttingForce.Result exactSlot = CuttingForce.of(new CuttingConditions(10, 4, 4800, 960, 3, 10), WorkpieceMaterial.STEEL_MEDIUM_CARBON, 0);
        assertThat(fromStock.cuttingPowerKw()).isCloseTo(exactSlot.cuttingPowerKw(), within(0.05 * exactSlot.cuttingPowerKw()));
    }
}
