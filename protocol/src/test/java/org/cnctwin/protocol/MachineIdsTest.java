package org.cnctwin.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MachineIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"vmc-01", "HMC_7", "0", "a-b_c-9"})
    void acceptsIdsSafeInTopicsUrlsAndKeys(String machineId) {
        assertThat(MachineIds.isValid(machineId)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-leading-dash", "_x", "vmc 01", "vmc/01", "vmc+01", "vmc#01", "vmc|01", "vmc.01", "vmç01"})
    void refusesIdsThatWouldBreakATopicUrlOrKey(String machineId) {
        assertThat(MachineIds.isValid(machineId)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 64})
    void lengthLimitsAreInclusive(int length) {
        assertThat(MachineIds.isValid("m".repeat(length))).isTrue();
        assertThat(MachineIds.isValid("m".repeat(length == 1 ? 65 : length + 1))).isFalse();
    }
}
