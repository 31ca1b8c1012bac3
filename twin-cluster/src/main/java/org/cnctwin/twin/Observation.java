package org.cnctwin.twin;

import java.util.List;
import java.util.Set;
import org.cnctwin.protocol.TelemetrySample;

/**
 * What a twin feeds its children after every persisted batch.
 *
 * @param activeAlertCodes what the twin holds active: a child that restarted (and forgot) can still end them
 */
public record Observation(String machineId, List<TelemetrySample> samples, MachineEstimate estimate, MachineConfiguration configuration,
                          Set<String> activeAlertCodes) implements CborSerializable {

    public Observation {
        samples = List.copyOf(samples);
        activeAlertCodes = Set.copyOf(activeAlertCodes);
    }
}
