package org.cnctwin.protocol;

import java.util.Locale;

/**
 * Every MQTT topic the system uses, AWS IoT style: {@code cnc/{machineId}/{channel}}. The
 * dead-letter topics sit outside the {@code cnc/} tree so that no {@code cnc/+/...} filter can
 * ever take a dead letter for a machine's message.
 */
public final class Topics {

    public static final String ROOT = "cnc";
    public static final String DEAD_LETTER_ROOT = "cnc-dead-letter";

    /** The kinds of traffic per machine; the topic segment is the lower-case name. */
    public enum Channel {
        TELEMETRY,
        EVENTS,
        COMMANDS,
        ALERTS;

        public String segment() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A parsed machine topic. */
    public record Address(String machineId, Channel channel) {}

    private Topics() {}

    public static String of(String machineId, Channel channel) {
        return ROOT + '/' + MachineIds.requireValid(machineId, "machineId") + '/' + channel.segment();
    }

    public static String telemetry(String machineId) {
        return of(machineId, Channel.TELEMETRY);
    }

    public static String events(String machineId) {
        return of(machineId, Channel.EVENTS);
    }

    public static String commands(String machineId) {
        return of(machineId, Channel.COMMANDS);
    }

    public static String alerts(String machineId) {
        return of(machineId, Channel.ALERTS);
    }

    /** Where messages of a channel that could not be accepted are copied, with the reason. */
    public static String deadLetter(Channel channel) {
        return DEAD_LETTER_ROOT + '/' + channel.segment();
    }

    /** {@code cnc/+/telemetry}: one channel of every machine. */
    public static String allMachines(Channel channel) {
        return ROOT + "/+/" + channel.segment();
    }

    /**
     * {@code $share/<group>/cnc/+/telemetry}: the broker spreads the channel over every
     * subscriber of the group, so ingest scales with connections and nodes.
     */
    public static String sharedSubscription(String group, Channel channel) {
        if (group.isEmpty() || group.chars().anyMatch(c -> c == '/' || c == '+' || c == '#')) {
            throw new IllegalArgumentException("shared subscription group must be non-empty without / + #, was " + Quoting.quote(group));
        }
        return "$share/" + group + '/' + allMachines(channel);
    }

    /**
     * @throws InvalidMessageException with path {@code topic} when the topic is not
     *     {@code cnc/{valid machine id}/{channel}}
     */
    public static Address parse(String topic) {
        String[] levels = topic == null ? new String[0] : topic.split("/", -1);
        if (levels.length != 3 || !levels[0].equals(ROOT)) {
            throw new InvalidMessageException("topic", "expected cnc/{machineId}/{telemetry|events|commands|alerts}, was " + Quoting.quote(topic));
        }
        String machineId = MachineIds.requireValid(levels[1], "topic");
        for (Channel channel : Channel.values()) {
            if (channel.segment().equals(levels[2])) {
                return new Address(machineId, channel);
            }
        }
        throw new InvalidMessageException("topic", "expected channel telemetry, events, commands or alerts, was " + Quoting.quote(levels[2]));
    }
}
