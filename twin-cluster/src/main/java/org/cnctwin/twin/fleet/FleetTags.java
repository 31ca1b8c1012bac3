package org.cnctwin.twin.fleet;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;
import org.cnctwin.protocol.TelemetrySample;
import org.cnctwin.twin.TwinEvent;

/**
 * Which of a twin's events the read side reads, under which tag. A machine's events all carry the
 * tag of its slice, {@code fleet-<n>}, so one projection reads every event of a machine, in order.
 * Every event that changes what the fleet view shows is tagged; telemetry only when the newest
 * sample shows a change the fleet view lists (execution state, tool, program, part count, alarms)
 * or {@code report-every} after the last tagged one: a batch a second per machine would otherwise
 * double what Cassandra writes, to refresh numbers a fleet page shows a few seconds later anyway.
 */
public final class FleetTags implements Extension {

    private static final ExtensionId<FleetTags> ID = new ExtensionId<>() {
        @Override
        public FleetTags createExtension(ActorSystem<?> system) {
            ReadSideSettings settings = ReadSideSettings.fromConfig(system.settings().config());
            return new FleetTags(settings.slices(), settings.reportEvery());
        }
    };

    private final int slices;
    private final Duration reportEvery;
    private final String[] tags;

    FleetTags(int slices, Duration reportEvery) {
        this.slices = slices;
        this.reportEvery = reportEvery;
        this.tags = new String[slices];
        for (int slice = 0; slice < slices; slice++) {
            tags[slice] = "fleet-" + slice;
        }
    }

    public static FleetTags get(ActorSystem<?> system) {
        return ID.apply(system);
    }

    public int slices() {
        return slices;
    }

    public int sliceOf(String machineId) {
        return Math.floorMod(machineId.hashCode(), slices);
    }

    public String tag(int slice) {
        return tags[slice];
    }

    /**
     * The tags of {@code event} of {@code machineId}.
     *
     * @param lastTagged the newest sample of the last telemetry this twin tagged since it started, null before
     */
    public Set<String> tagsFor(String machineId, TwinEvent event, TelemetrySample lastTagged) {
        if (event instanceof TwinEvent.TelemetryRecorded recorded && !reaches(lastTagged, newest(recorded))) {
            return Set.of();
        }
        return Set.of(tags[sliceOf(machineId)]);
    }

    public static TelemetrySample newest(TwinEvent.TelemetryRecorded recorded) {
        return recorded.samples().get(recorded.samples().size() - 1);
    }

    /** Whether the read side must see {@code newest}, the last one it saw being {@code lastTagged}. */
    boolean reaches(TelemetrySample lastTagged, TelemetrySample newest) {
        return lastTagged == null
                || newest.executionState() != lastTagged.executionState()
                || newest.toolNumber() != lastTagged.toolNumber()
                || newest.partCount() != lastTagged.partCount()
                || !Objects.equals(newest.programName(), lastTagged.programName())
                || !newest.activeAlarmCodes().equals(lastTagged.activeAlarmCodes())
                || !Duration.between(lastTagged.timestamp(), newest.timestamp()).minus(reportEvery).isNegative();
    }
}
