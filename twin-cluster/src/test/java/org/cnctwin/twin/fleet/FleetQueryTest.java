package org.cnctwin.twin.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.cnctwin.protocol.ExecutionState;
import org.cnctwin.protocol.Severity;
import org.cnctwin.twin.TwinEvent;
import org.junit.jupiter.api.Test;

/** A fleet request split over slices and merged gives what one sorted list of the whole fleet would. */
class FleetQueryTest {

    static FleetEntry machine(String id, boolean warning) {
        FleetEntry entry = FleetEntry.empty(id);
        return warning ? entry.apply(1, new TwinEvent.AlertRaised(id + "-1", "HOT", Severity.WARNING, "rules", "", List.of(), Instant.now())) : entry;
    }

    @Test
    void slicesMergedAreOnePageOfTheWholeFleetInIdOrder() {
        List<List<FleetEntry>> slices = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<String> warnings = new ArrayList<>();
        for (int machine = 0; machine < 300; machine++) {
            String id = String.format("m-%03d", machine);
            boolean warning = machine % 7 == 0;
            if (warning) {
                warnings.add(id);
            }
            slices.get(Math.floorMod(id.hashCode(), 3)).add(machine(id, warning)); // each slice's list is in id order
        }
        FleetQuery query = new FleetQuery(Optional.of("warning"), Optional.empty(), 5, 10);
        List<FleetQuery.Matches> matches = new ArrayList<>();
        for (int slice = 0; slice < 3; slice++) {
            matches.add(query.matchesIn(slice, slices.get(slice)));
            assertThat(matches.get(slice).firstIds()).hasSizeLessThanOrEqualTo(15);
        }
        FleetQuery.Page page = query.page(matches);
        assertThat(page.total()).isEqualTo(warnings.size());
        assertThat(page.machineIds()).isEqualTo(warnings.subList(5, 15));
        assertThat(new FleetQuery(Optional.empty(), Optional.of(ExecutionState.ACTIVE), 0, 10).page(List.of(
                new FleetQuery(Optional.empty(), Optional.of(ExecutionState.ACTIVE), 0, 10).matchesIn(0, slices.get(0)))).total())
                .as("a machine that never reported has no execution state").isZero();
    }

    @Test
    void pagingDeeperThanTheResultWindowIsRefused() {
        assertThatThrownBy(() -> new FleetQuery(Optional.empty(), Optional.empty(), 9_990, 100)).hasMessageContaining("at most 10000");
    }
}
