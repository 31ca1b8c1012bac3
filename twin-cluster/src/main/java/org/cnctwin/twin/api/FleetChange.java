package org.cnctwin.twin.api;

import java.time.Instant;
import org.cnctwin.twin.FleetChanges;

/**
 * One event of {@code /fleet/stream} (OpenAPI: streamFleet): an alert of a machine changed, and
 * the fleet view has it.
 *
 * @param change AlertRaised, AlertAcknowledged or AlertCleared
 * @param health the machine's health after the change
 * @param alert the alert after the change (a cleared one as it was)
 */
public record FleetChange(String machineId, String change, String health, TwinDocument.ActiveAlert alert, Instant at) {

    public static FleetChange of(FleetChanges.FleetChange change) {
        return new FleetChange(change.machineId(), EventType.of(change.event()).apiName, change.health(), TwinDocument.ActiveAlert.of(change.alert()),
                change.at());
    }
}
