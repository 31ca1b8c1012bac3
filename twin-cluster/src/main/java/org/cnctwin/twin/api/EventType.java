package org.cnctwin.twin.api;

import java.util.Arrays;
import java.util.Optional;
import org.cnctwin.twin.TwinEvent;

/**
 * The documented names of a twin's events: the {@code type} of a history entry, the {@code types}
 * filter of {@code /history}, the {@code changes} of a machine stream and the fleet stream's
 * {@code change}. They are the API's names, written out here; the journal's classes map to them
 * in {@link #of}, so renaming a class does not rename an event for clients.
 */
public enum EventType {
    TELEMETRY_RECORDED("TelemetryRecorded", TwinEvent.TelemetryRecorded.class),
    MACHINE_EVENT_RECORDED("MachineEventRecorded", TwinEvent.MachineEventRecorded.class),
    CONFIGURED("Configured", TwinEvent.Configured.class),
    MAINTENANCE_RECORDED("MaintenanceRecorded", TwinEvent.MaintenanceRecorded.class),
    ALERT_RAISED("AlertRaised", TwinEvent.AlertRaised.class),
    ALERT_ACKNOWLEDGED("AlertAcknowledged", TwinEvent.AlertAcknowledged.class),
    ALERT_CLEARED("AlertCleared", TwinEvent.AlertCleared.class),
    TOOL_LIFE_FORECASTED("ToolLifeForecasted", TwinEvent.ToolLifeForecasted.class);

    /** The name clients see. */
    public final String apiName;
    private final Class<? extends TwinEvent> recorded;

    EventType(String apiName, Class<? extends TwinEvent> recorded) {
        this.apiName = apiName;
        this.recorded = recorded;
    }

    public static EventType of(TwinEvent event) {
        for (EventType type : values()) {
            if (type.recorded.isInstance(event)) {
                return type;
            }
        }
        throw new IllegalStateException("no API name for " + event.getClass().getName() + ": add it to EventType");
    }

    public static Optional<EventType> named(String apiName) {
        return Arrays.stream(values()).filter(type -> type.apiName.equals(apiName)).findFirst();
    }
}
