package org.cnctwin.twin.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LagHistogramTest {

    @Test
    void quantilesComeFromTheBucketsTheyFallIn() {
        LagHistogram histogram = new LagHistogram();
        assertThat(histogram.quantileMillis(0.5)).isNaN();
        for (int millis = 0; millis < 98; millis++) {
            histogram.record(Duration.ofMillis(millis));
        }
        histogram.record(Duration.ofMillis(2_345));
        histogram.record(Duration.ofSeconds(30));

        assertThat(histogram.count()).isEqualTo(100);
        assertThat(histogram.quantileMillis(0.5)).isEqualTo(50);
        assertThat(histogram.quantileMillis(0.99)).isEqualTo(2_350); // 10 ms buckets past one second
        assertThat(histogram.quantileMillis(1)).isInfinite();
        histogram.reset();
        assertThat(histogram.count()).isZero();
    }
}
