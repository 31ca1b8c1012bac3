package org.cnctwin.twin;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.cnctwin.protocol.Alert;
import org.cnctwin.protocol.MachineEvent;
import org.cnctwin.protocol.MaintenanceAction;
import org.cnctwin.protocol.Severity;
import org.cnctwin.protocol.TelemetrySample;
import org.cnctwin.twin.TwinEvent.AlertAcknowledged;
import org.cnctwin.twin.TwinEvent.AlertCleared;
import org.cnctwin.twin.TwinEvent.AlertRaised;
import org.cnctwin.twin.TwinEvent.Configured;
import org.cnctwin.twin.TwinEvent.MachineEventRecorded;
import org.cnctwin.twin.TwinEvent.MaintenanceRecorded;
import org.cnctwin.twin.TwinEvent.TelemetryRecorded;
import org.cnctwin.twin.TwinEvent.ToolLifeForecasted;

/**
 * What a twin knows of its machine: the latest report, what the physics estimates, the active
 * alerts and the forecasts. Immutable; {@link #apply} is the only way it changes, one event at a
 * time, so replaying the journal rebuilds exactly the same state. This is also the snapshot's
 * format (see {@link TwinEvent} on renaming).
 *
 * @param reported the newest sample, null before the first; a late sample is recorded in the history but never replaces it
 * @param samples the sample sequence numbers recorded
 * @param events the machine-event sequence numbers recorded (events have their own sequence)
 * @param version events applied since the twin began
 * @param alertsRaised how many alerts were ever raised: the next alert id
 */
public record TwinState(String machineId, MachineConfiguration configuration, TelemetrySample reported, SequenceTracker samples,
                        SequenceTracker events, MachineEstimate estimate, Map<String, ActiveAlert> activeAlerts,
                        Map<Integer, Finding.ToolLifeForecast> forecasts, long alertsRaised, long version, Instant updatedAt)
        implements CborSerializable {

    /** An alert that is raised and not yet cleared (acknowledging it does not clear it). */
    public record ActiveAlert(String alertId, String code, Severity severity, String source, String message, List<Alert.Evidence> evidence,
                              Instant raisedAt, String acknowledgedBy, Instant acknowledgedAt) implements CborSerializable {

        public static ActiveAlert raised(AlertRaised raised) {
            return new ActiveAlert(raised.alertId(), raised.code(), raised.severity(), raised.source(), raised.message(), raised.evidence(),
                    raised.at(), null, null);
        }

        public ActiveAlert acknowledged(String by, Instant at) {
            return new ActiveAlert(alertId, code, severity, source, message, evidence, raisedAt, by, at);
        }
    }

    public TwinState {
        activeAlerts = Map.copyOf(activeAlerts);
        forecasts = Map.copyOf(forecasts);
    }

    public static TwinState empty(String machineId) {
        return new TwinState(machineId, MachineConfiguration.defaults(), null, SequenceTracker.EMPTY, SequenceTracker.EMPTY,
                MachineEstimate.initial(), Map.of(), Map.of(), 0, 0, null);
    }

    public long lastSequenceNumber() {
        return reported == null ? 0 : reported.sequenceNumber();
    }

    public boolean hasActiveAlert(String code) {
        return activeAlerts.values().stream().anyMatch(alert -> alert.code().equals(code));
    }

    public Set<String> activeAlertCodes() {
        return activeAlerts.values().stream().map(ActiveAlert::code).collect(Collectors.toSet());
    }

    /**
     * What a child's finding makes of this state: an alert raised unless one with its code is
     * active, every active alert of its code cleared, or a forecast recorded; nothing when nothing
     * changes. The twin persists these; the evaluation ({@code evaluate}) applies them in memory.
     */
    public List<TwinEvent> eventsFor(Finding finding, Instant now) {
        if (finding instanceof Finding.AnomalyStarted started) {
            return hasActiveAlert(started.code()) ? List.of()
                    : List.of(new AlertRaised(machineId + "-" + (alertsRaised + 1), started.code(), started.severity(), started.source(),
                            started.message(), started.evidence(), now));
        }
        if (finding instanceof Finding.AnomalyEnded ended) {
            return activeAlerts.values().stream().filter(alert -> alert.code().equals(ended.code()))
                    .<TwinEvent>map(alert -> new AlertCleared(alert.alertId(), ended.reason(), now)).toList();
        }
        return List.of(new ToolLifeForecasted((Finding.ToolLifeForecast) finding, now)); // Finding is sealed: nothing else is left
    }

    /** The worst active alert decides: critical, warning, or ok. */
    public String health() {
        return healthOf(activeAlerts.values());
    }

    /**
     * Critical or warning after the worst of {@code alerts}; ok when none is worse than info. A
     * plain loop: a fleet request with a health filter asks it of every machine of the fleet.
     */
    public static String healthOf(Collection<ActiveAlert> alerts) {
        Severity worst = Severity.INFO;
        for (ActiveAlert alert : alerts) {
            if (alert.severity().compareTo(worst) > 0) {
                worst = alert.severity();
            }
        }
        return worst == Severity.CRITICAL ? "critical" : worst == Severity.WARNING ? "warning" : "ok";
    }

    /** The state after {@code event}; every event counts one version. */
    public TwinState apply(TwinEvent event) {
        if (event instanceof TelemetryRecorded recorded) {
            return withTelemetry(recorded.samples());
        }
        if (event instanceof MachineEventRecorded recorded) {
            return withMachineEvent(recorded.event());
        }
        if (event instanceof Configured configured) {
            return next(updatedAt).configuration(configured.configuration()).build();
        }
        if (event instanceof MaintenanceRecorded maintenance) {
            return next(maintenance.at()).maintained(maintenance.action(), maintenance.toolNumber()).build();
        }
        if (event instanceof ToolLifeForecasted forecasted) {
            Map<Integer, Finding.ToolLifeForecast> next = new TreeMap<>(forecasts);
            next.put(forecasted.forecast().toolNumber(), forecasted.forecast());
            return next(forecasted.at()).forecasts(next).build();
        }
        Map<String, ActiveAlert> alerts = new TreeMap<>(activeAlerts);
        if (event instanceof AlertRaised raised) {
            alerts.put(raised.alertId(), ActiveAlert.raised(raised));
            return next(raised.at()).activeAlerts(alerts).alertRaised().build();
        }
        if (event instanceof AlertAcknowledged acknowledged) {
            alerts.computeIfPresent(acknowledged.alertId(), (id, alert) -> alert.acknowledged(acknowledged.acknowledgedBy(), acknowledged.at()));
            return next(acknowledged.at()).activeAlerts(alerts).build();
        }
        AlertCleared cleared = (AlertCleared) event; // TwinEvent is sealed: nothing else is left
        alerts.remove(cleared.alertId());
        return next(cleared.at()).activeAlerts(alerts).build();
    }

    /** Integrates the samples newer than the reported one, in order; late ones only join the history. */
    private TwinState withTelemetry(List<TelemetrySample> recorded) {
        MachineEstimate integrated = estimate;
        TelemetrySample newest = reported;
        for (TelemetrySample sample : recorded) {
            if (newest == null || sample.sequenceNumber() > newest.sequenceNumber()) {
                integrated = integrated.observe(newest, sample, configuration);
                newest = sample;
            }
        }
        return next(newest == reported ? updatedAt : newest.timestamp()).reported(newest).estimate(integrated)
                .samples(samples.with(recorded.stream().map(TelemetrySample::sequenceNumber).toList())).build();
    }

    private TwinState withMachineEvent(MachineEvent event) {
        Next next = next(event.timestamp()).events(events.with(List.of(event.sequenceNumber())));
        if (event.fact() instanceof MachineEvent.MaintenancePerformed maintenance) {
            next.maintained(maintenance.action(), maintenance.toolNumber());
        }
        return next.build();
    }

    /** The next state, changed at {@code at}, built in named steps from this one. */
    private Next next(Instant at) {
        return new Next(this, at);
    }

    /** This state's successor as it is being built: one version on, each part replaced by name. */
    private static final class Next {
        private final TwinState from;
        private final Instant updatedAt;
        private MachineConfiguration configuration;
        private TelemetrySample reported;
        private SequenceTracker samples;
        private SequenceTracker events;
        private MachineEstimate estimate;
        private Map<String, ActiveAlert> activeAlerts;
        private Map<Integer, Finding.ToolLifeForecast> forecasts;
        private long alertsRaised;

        Next(TwinState from, Instant updatedAt) {
            this.from = from;
            this.updatedAt = updatedAt;
            this.configuration = from.configuration;
            this.reported = from.reported;
            this.samples = from.samples;
            this.events = from.events;
            this.estimate = from.estimate;
            this.activeAlerts = from.activeAlerts;
            this.forecasts = from.forecasts;
            this.alertsRaised = from.alertsRaised;
        }

        Next configuration(MachineConfiguration next) {
            configuration = next;
            return this;
        }

        Next reported(TelemetrySample next) {
            reported = next;
            return this;
        }

        Next samples(SequenceTracker next) {
            samples = next;
            return this;
        }

        Next events(SequenceTracker next) {
            events = next;
            return this;
        }

        Next estimate(MachineEstimate next) {
            estimate = next;
            return this;
        }

        Next activeAlerts(Map<String, ActiveAlert> next) {
            activeAlerts = next;
            return this;
        }

        Next forecasts(Map<Integer, Finding.ToolLifeForecast> next) {
            forecasts = next;
            return this;
        }

        Next alertRaised() {
            alertsRaised++;
            return this;
        }

        /** A tool replaced starts a new edge and drops its forecast; a bearing replaced starts its life again. */
        Next maintained(MaintenanceAction action, int toolNumber) {
            if (action == MaintenanceAction.TOOL_REPLACED) {
                estimate = estimate.toolReplaced(toolNumber);
                Map<Integer, Finding.ToolLifeForecast> next = new TreeMap<>(forecasts);
                next.remove(toolNumber);
                forecasts = next;
            } else if (action == MaintenanceAction.BEARING_REPLACED) {
                estimate = estimate.bearingReplaced();
            }
            return this;
        }

        TwinState build() {
            return new TwinState(from.machineId, configuration, reported, samples, events, estimate, activeAlerts, forecasts, alertsRaised,
                    from.version + 1, updatedAt);
        }
    }
}
