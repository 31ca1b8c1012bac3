package org.cnctwin.twin.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The production node as it ships, {@code twin-cluster/target/twin-cluster.jar}, run as an SRE
 * runs it: it answers {@code --help}, refuses an argument it does not know, stops at once with
 * every bad setting named, and carries none of the demo's parts.
 */
class ProductionJarIT {

    static final Path JAR = Path.of("target/twin-cluster.jar");

    record Run(int exitCode, String out, String err) {}

    static Run run(Map<String, String> environment, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("CLUSTER_") || name.startsWith("MQTT_") || name.startsWith("API_"));
        builder.environment().putAll(environment);
        Path out = Files.createTempFile("twin-node", ".out");
        Path err = Files.createTempFile("twin-node", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the node exits on its own").isTrue();
        Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return run;
    }

    @Test
    void itAnswersHelpAndRefusesWhatItDoesNotKnow() throws Exception {
        Run help = run(Map.of(), "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: twin-node").contains("--check-config").contains("docs/configuration.md");
        Run unknown = run(Map.of(), "--shards", "3");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown options: '--shards', '3'").contains("Try 'twin-node --help'.");
    }

    @Test
    void badSettingsStopItAtOnceEachNamed() throws Exception {
        Run bad = run(Map.of("HTTP_PORT", "eighty", "MQTT_URL", "ssl://iot.example.com:8883", "CLUSTER_BOOTSTRAP_ENDPOINTS", "127.0.0.1:8558",
                "CLUSTER_REQUIRED_CONTACT_POINTS", "1", "API_READER_TOKENS", "r"), "--check-config");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("HTTP_PORT (cnc-twin.http.port): expected a port number 1-65535, was \"eighty\"")
                .contains("MQTT_TLS_CA: required with MQTT_URL ssl://iot.example.com:8883");
        Run missing = run(Map.of("API_READER_TOKENS", "r"));
        assertThat(missing.exitCode()).as("started without --check-config, it still stops before anything starts").isEqualTo(2);
        assertThat(missing.err()).contains("CLUSTER_BOOTSTRAP_ENDPOINTS").doesNotContain("ActorSystem");

        Run good = run(Map.of("CLUSTER_BOOTSTRAP_ENDPOINTS", "127.0.0.1:8558,127.0.0.2:8558", "API_READER_TOKENS", "r",
                "CASSANDRA_CONTACT_POINTS", "cassandra-0.cassandra:9042"), "--check-config");
        assertThat(good.exitCode()).as(good.err()).isZero();
        assertThat(good.out()).contains("settings valid").contains("[cassandra-0.cassandra:9042]");
    }

    /** The command line by which the project's detection is judged (docs/detection.md): it must keep working. */
    @Test
    void evaluateWritesItsReportAndRefusesWhatItDoesNotKnow() throws Exception {
        Path report = Files.createTempFile("evaluation", ".json");
        Run evaluate = run(Map.of(), "evaluate", "--machines", "2", "--duration", "20m", "--seed", "4", "--fault", "coolant-failure@5m:cnc-002",
                "--no-publish", "--report", report.toString());
        assertThat(evaluate.exitCode()).as(evaluate.err()).isZero();
        assertThat(evaluate.out()).contains("machine-hours").contains("COOLANT_FAILURE");
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
        assertThat(json.get("machineHours").asDouble()).isCloseTo(2 * 20 / 60.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(json.get("faults")).singleElement().satisfies(fault -> {
            assertThat(fault.get("machineId").asText()).isEqualTo("cnc-002");
            assertThat(fault.get("onsetS").asDouble()).isEqualTo(300);
            assertThat(fault.has("detectedAtS") && fault.has("failureAtS") && fault.has("code") && fault.has("detector")).isTrue();
        });
        assertThat(json.get("falseAlarms").isArray() && json.get("rul").isArray()).isTrue();
        Files.delete(report);

        Run help = run(Map.of(), "evaluate", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: twin-node evaluate").contains("--report").contains("--scenario");
        Run unknown = run(Map.of(), "evaluate", "--report", "x.json", "--speed", "max");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown options: '--speed', 'max'");
        Run badFault = run(Map.of(), "evaluate", "--report", "x.json", "--fault", "tool-melt@1m");
        assertThat(badFault.exitCode()).isEqualTo(2);
        assertThat(badFault.err()).contains("unknown type tool-melt");
    }

    @Test
    void itCarriesNoDemoParts() throws Exception {
        List<String> entries = new ArrayList<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            jar.stream().forEach(entry -> entries.add(entry.getName()));
        }
        assertThat(entries).contains("org/cnctwin/twin/node/TwinNodeMain.class");
        assertThat(entries).as("no in-process broker, Cassandra launcher or simulated fleet")
                .noneMatch(entry -> entry.startsWith("io/moquette/") || entry.startsWith("org/cnctwin/fleet/")
                        || entry.startsWith("org/cnctwin/demo/") || entry.equals("org/cnctwin/local/EmbeddedCassandra.class")
                        || entry.equals("org/cnctwin/local/LocalBroker.class") || entry.startsWith("org/apache/cassandra/"));
    }
}
