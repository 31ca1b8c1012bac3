package org.cnctwin.twin;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.cnctwin.protocol.Alert;
import org.cnctwin.protocol.Severity;

/** What a twin's children find, sent back to it in {@link MachineTwin.ReportFinding}. */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(Finding.AnomalyStarted.class), @JsonSubTypes.Type(Finding.AnomalyEnded.class),
        @JsonSubTypes.Type(Finding.ToolLifeForecast.class)})
public sealed interface Finding extends CborSerializable {

    /** A condition the detector watches has started: raise an alert unless one for {@code code} is active. */
    record AnomalyStarted(String code, Severity severity, String source, String message, List<Alert.Evidence> evidence) implements Finding {}

    /** The condition behind {@code code} has ended. */
    record AnomalyEnded(String code, String reason) implements Finding {}

    /** The planner's forecast for one tool edge. */
    record ToolLifeForecast(int toolNumber, int edge, double flankWearMm, double remainingCuttingMin) implements Finding {}
}
