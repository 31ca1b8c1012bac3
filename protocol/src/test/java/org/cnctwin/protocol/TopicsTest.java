package org.cnctwin.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

    @Test
    void namesEveryChannelOfAMachine() {
        assertThat(Topics.telemetry("vmc-01")).isEqualTo("cnc/vmc-01/telemetry");
        assertThat(Topics.events("vmc-01")).isEqualTo("cnc/vmc-01/events");
        assertThat(Topics.commands("vmc-01")).isEqualTo("cnc/vmc-01/commands");
        assertThat(Topics.alerts("vmc-01")).isEqualTo("cnc/vmc-01/alerts");
    }

    @Test
    void subscriptionFiltersCoverEveryMachine() {
        assertThat(Topics.allMachines(Topics.Channel.EVENTS)).isEqualTo("cnc/+/events");
        assertThat(Topics.sharedSubscription("twin", Topics.Channel.TELEMETRY)).isEqualTo("$share/twin/cnc/+/telemetry");
        assertThatThrownBy(() -> Topics.sharedSubscription("a/b", Topics.Channel.TELEMETRY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deadLettersCannotBeMistakenForAMachine() {
        String deadLetter = Topics.deadLetter(Topics.Channel.TELEMETRY);

        assertThat(deadLetter).isEqualTo("cnc-dead-letter/telemetry").doesNotStartWith(Topics.ROOT + "/");
        assertThatThrownBy(() -> Topics.parse(deadLetter)).isInstanceOf(InvalidMessageException.class);
    }

    @Test
    void parsesWhatItNames() {
        for (Topics.Channel channel : Topics.Channel.values()) {
            assertThat(Topics.parse(Topics.of("HMC_7", channel))).isEqualTo(new Topics.Address("HMC_7", channel));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cnc/vmc-01", "cnc/vmc-01/telemetry/extra", "factory/vmc-01/telemetry", "cnc//telemetry", "cnc/vmc-01/status"})
    void refusesTopicsThatAreNotAMachineChannel(String topic) {
        assertThatThrownBy(() -> Topics.parse(topic))
                .isInstanceOfSatisfying(InvalidMessageException.class, e -> assertThat(e.path()).isEqualTo("topic"));
    }

    @Test
    void refusesToNameATopicForAnInvalidMachine() {
        assertThatThrownBy(() -> Topics.telemetry("a/b")).hasMessageStartingWith("machineId: must be 1-64 characters");
    }
}
