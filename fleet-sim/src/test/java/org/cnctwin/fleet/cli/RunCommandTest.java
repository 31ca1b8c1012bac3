package org.cnctwin.fleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} without a broker: the summary, the truth file, faults from the command line and a scenario, and mistakes. */
class RunCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path folder;

    @Test
    void aFleetRunsItsDurationAndWritesTheTruthWithTheInjectedFaults() throws Exception {
        Path truth = folder.resolve("truth.jsonl");
        Path scenario = Files.writeString(folder.resolve("faults.txt"), "# the scenario\n\ncoolant-failure/0.5@2m:cnc-003\n");
        CliRun result = CliRun.of("run", "--no-publish", "--machines", "3", "--speed", "max", "--duration", "5m", "--seed", "3",
                "--fault", "bearing-outer-race-defect@60s:cnc-002", "--scenario", scenario.toString(), "--truth", truth.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("3 machines, 00:05:00 simulated").contains("samples 9,000").contains("truth: 900 lines");

        Map<String, List<JsonNode>> byMachine = new TreeMap<>();
        for (String line : Files.readAllLines(truth)) {
            JsonNode node = JSON.readTree(line);
            byMachine.computeIfAbsent(node.get("machineId").asText(), id -> new java.util.ArrayList<>()).add(node);
        }
        assertThat(byMachine).containsOnlyKeys("cnc-001", "cnc-002", "cnc-003");
        JsonNode end002 = byMachine.get("cnc-002").get(299);
        assertThat(end002.at("/bearing/defect").asText()).isEqualTo("OUTER_RACE");
        assertThat(end002.at("/activeFaults/0/type").asText()).isEqualTo("BEARING_OUTER_RACE_DEFECT");
        // Faults start at the first sample boundary at or after their time.
        assertThat(end002.at("/activeFaults/0/onsetS").asDouble()).isCloseTo(60.0, within(0.1));
        assertThat(byMachine.get("cnc-002").get(50).at("/bearing/defect").isNull()).isTrue();
        assertThat(byMachine.get("cnc-003").get(299).at("/activeFaults/0/type").asText()).isEqualTo("COOLANT_FAILURE");
        assertThat(byMachine.get("cnc-001").get(299).at("/activeFaults").isEmpty()).isTrue();
    }

    @Test
    void theSameSeedGivesTheSameTruth() throws Exception {
        Path first = folder.resolve("first.jsonl");
        Path second = folder.resolve("second.jsonl");
        for (Path truth : List.of(first, second)) {
            assertThat(CliRun.of("run", "--no-publish", "--machines", "1", "--speed", "max", "--duration", "3m", "--seed", "11",
                    "--truth", truth.toString()).exitCode()).isZero();
        }
        // Timestamps follow the wall clock at the start; everything else must repeat exactly.
        assertThat(withoutTimestamps(first)).isEqualTo(withoutTimestamps(second));
    }

    private static List<String> withoutTimestamps(Path truth) throws Exception {
        return Files.readAllLines(truth).stream().map(line -> line.replaceAll("\"timestamp\":\"[^\"]*\"", "")).toList();
    }

    @Test
    void mistakesAreNamedWithWhatWasExpected() throws Exception {
        assertThat(CliRun.of("run", "--no-publish", "--fault", "meltdown@10s").err())
                .contains("fault \"meltdown@10s\": unknown type meltdown; expected one of [tool-breakage,");
        assertThat(CliRun.of("run", "--no-publish", "--fault", "tool-breakage").err())
                .contains("fault \"tool-breakage\": expected TYPE[/SEVERITY]@TIME[:MACHINE]");
        assertThat(CliRun.of("run", "--no-publish", "--machines", "2", "--fault", "tool-breakage@1m:cnc-007").err())
                .contains("fault for cnc-007: no such machine; the fleet is cnc-001 to cnc-002");
        assertThat(CliRun.of("run", "--no-publish", "--speed", "max").err()).contains("--speed max needs --duration");
        assertThat(CliRun.of("run", "--speed", "fast", "--no-publish").err())
                .contains("--speed: expected a number of simulated seconds per second, or max, was \"fast\"");
        assertThat(CliRun.of("run", "--duration", "1m").err()).contains("give --broker tcp://host:1883");
        assertThat(CliRun.of("run", "--broker", "http://example", "--duration", "1m").err())
                .contains("--broker: expected tcp://host:port or ssl://host:port, was \"http://example\"");
        assertThat(CliRun.of("run", "--broker", "ssl://127.0.0.1:8883", "--duration", "1m").err()).contains("give the broker's CA with --tls-ca");

        Path scenario = Files.writeString(folder.resolve("bad.txt"), "tool-breakage@1m\nsensor-drift/2@5m\n");
        CliRun bad = CliRun.of("run", "--no-publish", "--duration", "1m", "--scenario", scenario.toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains(scenario + ":2: fault \"sensor-drift/2@5m\": severity must be in (0, 1], was 2")
                .contains("Try 'fleet-sim run --help'.");
        assertThat(CliRun.of("run", "--no-publish", "--duration", "1m", "--scenario", folder.resolve("missing.txt").toString()).err())
                .contains("--scenario " + folder.resolve("missing.txt") + ": cannot read it (NoSuchFileException)");
    }
}
