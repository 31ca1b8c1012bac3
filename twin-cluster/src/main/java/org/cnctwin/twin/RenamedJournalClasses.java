package org.cnctwin.twin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * Reads journals and snapshots written before a persisted class moved: Pekko's Jackson serializer
 * names an event's class in its manifest, so a moved class is looked up here by its old name
 * (each old name is listed under {@code pekko.serialization.jackson.migrations} in reference.conf,
 * pointing at this class). The JSON itself is unchanged.
 */
public final class RenamedJournalClasses extends JacksonMigration {

    /** Old name (as written in the journal) to the class that reads it now. */
    static final Map<String, Class<?>> MOVED = Map.of(
            "org.cnctwin.twin.MachineTwin$TelemetryRecorded", TwinEvent.TelemetryRecorded.class,
            "org.cnctwin.twin.MachineTwin$MachineEventRecorded", TwinEvent.MachineEventRecorded.class,
            "org.cnctwin.twin.MachineTwin$Configured", TwinEvent.Configured.class,
            "org.cnctwin.twin.MachineTwin$MaintenanceRecorded", TwinEvent.MaintenanceRecorded.class,
            "org.cnctwin.twin.MachineTwin$AlertRaised", TwinEvent.AlertRaised.class,
            "org.cnctwin.twin.MachineTwin$AlertAcknowledged", TwinEvent.AlertAcknowledged.class,
            "org.cnctwin.twin.MachineTwin$AlertCleared", TwinEvent.AlertCleared.class,
            "org.cnctwin.twin.MachineTwin$ToolLifeForecasted", TwinEvent.ToolLifeForecasted.class,
            "org.cnctwin.twin.MachineTwin$State", TwinState.class);

    /** Data without a version in its manifest is version 1; anything older than 2 is looked up by its old name. */
    @Override
    public int currentVersion() {
        return 2;
    }

    @Override
    public String transformClassName(int fromVersion, String className) {
        Class<?> moved = MOVED.get(className);
        return moved == null ? className : moved.getName();
    }

    @Override
    public JsonNode transform(int fromVersion, JsonNode json) {
        return json;
    }
}
