package org.cnctwin.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @Test
    void agreesWithInstantParseOnRandomCanonicalTimestamps() {
        SplittableRandom random = new SplittableRandom(20261125);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(946_684_800L, 4_102_444_800L), random.nextInt(1_000_000_000));
            String[] forms = {instant.toString(), truncated(instant, 3), truncated(instant, 0)};
            for (String text : forms) {
                assertThat(Timestamps.parse(text)).as(text).isEqualTo(Instant.parse(text));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-25T09:30:00+01:00", "2026-11-25T08:30:00.5-00:00", "2024-02-29T23:59:59.999999999Z",
            "2026-11-25T24:00:00Z", "2026-11-25T08:00:00.Z"})
    void readsOtherRfc3339FormsThroughTheLibrary(String text) {
        assertThat(Timestamps.parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-25T08:60:00Z",
            "2026-11-25T08:00:00.1234567890Z", "2026-11-25 08:00:00Z", "2026-11-25T08:00:00", "2026-1x-25T08:00:00Z"})
    void refusesWhatInstantParseRefuses(String text) {
        assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    private static String truncated(Instant instant, int fractionDigits) {
        String text = instant.toString();
        int dot = text.indexOf('.');
        String whole = dot < 0 ? text.substring(0, text.length() - 1) : text.substring(0, dot);
        String fraction = dot < 0 ? "" : text.substring(dot + 1, text.length() - 1);
        return fractionDigits == 0 || fraction.isEmpty() ? whole + "Z" : whole + "." + (fraction + "000000000").substring(0, fractionDigits) + "Z";
    }
}
