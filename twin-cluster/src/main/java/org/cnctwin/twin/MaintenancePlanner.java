package org.cnctwin.twin;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.cnctwin.twin.detection.ToolLifePlanner;

/** A twin's maintenance-planner child: the {@link DetectorHost} of its {@link ToolLifePlanner}. */
public final class MaintenancePlanner {

    private MaintenancePlanner() {}

    public static Behavior<Observation> create(ActorRef<MachineTwin.Command> twin) {
        return DetectorHost.create(twin, () -> List.of(new ToolLifePlanner()));
    }
}
