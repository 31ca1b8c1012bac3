package org.cnctwin.twin.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A node refuses bad or missing settings before it starts, naming each one's variable, its key and what was expected. */
class NodeSettingsTest {

    static final Map<String, String> CLUSTER = Map.of("CLUSTER_BOOTSTRAP_ENDPOINTS", "127.0.0.1:8558,127.0.0.2:8558,127.0.0.3:8558",
            "CASSANDRA_CONTACT_POINTS", "10.0.0.5:9042,10.0.0.6:9042");

    /** What the node would read with {@code environment} and, as if set through ${?VAR}, {@code overrides} (a reader token unless they say otherwise). */
    static Config config(Map<String, String> environment, String overrides) {
        return ConfigFactory.load(ConfigFactory.parseString(overrides).withFallback(ConfigFactory.parseString("cnc-twin.http.auth.reader-tokens = r"))
                .withFallback(NodeSettings.fromEnvironment(environment))
                .withFallback(ConfigFactory.defaultApplication()));
    }

    static List<String> problems(Map<String, String> environment, String overrides) {
        try {
            NodeSettings.checked(config(environment, overrides), environment);
            return List.of();
        } catch (NodeSettings.InvalidSettingsException invalid) {
            return invalid.problems();
        }
    }

    @Test
    void aClusterOfThreeWithItsListsFromTheEnvironmentIsValid() {
        Config config = NodeSettings.checked(config(CLUSTER, "pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr = 3"),
                CLUSTER);
        assertThat(config.getStringList("datastax-java-driver.basic.contact-points")).containsExactly("10.0.0.5:9042", "10.0.0.6:9042");
        assertThat(config.getConfigList("pekko.discovery.config.services.cnc-twin.endpoints")).hasSize(3);
        assertThat(config.getString("pekko.cluster.split-brain-resolver.active-strategy")).isEqualTo("keep-majority");
        assertThat(TwinNodeMain.summary(config)).contains("keep-majority").contains("[10.0.0.5:9042, 10.0.0.6:9042]");
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        assertThat(problems(CLUSTER, """
                cnc-twin.http.port = "80a"
                cnc-twin.ingest.mqtt.url = "http://broker"
                pekko.cluster.split-brain-resolver.stable-after = "soon"
                pekko.cluster.down-removal-margin = "never"
                cnc-twin.ingest.mqtt.client-id-prefix = "node 1"
                """)).containsExactlyInAnyOrder(
                "HTTP_PORT (cnc-twin.http.port): expected a port number 1-65535, was \"80a\"",
                "MQTT_URL (cnc-twin.ingest.mqtt.url): expected tcp://host:port or ssl://host:port, was \"http://broker\"",
                "SBR_STABLE_AFTER (pekko.cluster.split-brain-resolver.stable-after): expected a duration such as 20s or 2 minutes, was \"soon\"",
                "SBR_DOWN_REMOVAL_MARGIN (pekko.cluster.down-removal-margin): expected a duration such as 20s or 2 minutes, was \"never\"",
                "MQTT_CLIENT_ID_PREFIX (cnc-twin.ingest.mqtt.client-id-prefix): expected 1-64 of A-Z a-z 0-9 _ - (the pod name), was \"node 1\"");
    }

    @Test
    void whatMustComeTogetherIsChecked() {
        assertThat(problems(Map.of(), "")).singleElement().asString()
                .startsWith("CLUSTER_BOOTSTRAP_ENDPOINTS (pekko.discovery.config.services.cnc-twin.endpoints): required with CLUSTER_DISCOVERY=config");
        assertThat(problems(CLUSTER, "pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr = 4")).singleElement()
                .asString().isEqualTo("CLUSTER_REQUIRED_CONTACT_POINTS: 4 contact points can never be found among the 3 of CLUSTER_BOOTSTRAP_ENDPOINTS");
        assertThat(problems(CLUSTER, "pekko.cluster.split-brain-resolver.active-strategy = lease-majority")).singleElement().asString()
                .contains("lease-majority").contains("CLUSTER_DISCOVERY=kubernetes-api");
        assertThat(problems(CLUSTER, "cnc-twin.ingest.mqtt.url = \"ssl://iot.example.com:8883\"")).singleElement().asString()
                .startsWith("MQTT_TLS_CA: required with MQTT_URL ssl://iot.example.com:8883");
        assertThat(problems(Map.of("CLUSTER_BOOTSTRAP_ENDPOINTS", "127.0.0.1:8558"), """
                cnc-twin.http.auth.mode = tokens
                cnc-twin.http.auth.reader-tokens = ""
                pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr = 1
                """)).singleElement().asString().contains("mode \"tokens\" needs reader-tokens or operator-tokens");
    }

    @Test
    void aListThatCannotBeReadNamesItsVariable() {
        assertThatThrownBy(() -> NodeSettings.fromEnvironment(Map.of("CASSANDRA_CONTACT_POINTS", "cassandra-0:9042,cassandra-1")))
                .isInstanceOf(NodeSettings.InvalidSettingsException.class)
                .hasMessageContaining("CASSANDRA_CONTACT_POINTS: expected comma-separated host:port (port 1-65535), was \"cassandra-1\"");
        assertThatThrownBy(() -> NodeSettings.fromEnvironment(Map.of("CASSANDRA_TLS", "yes"))).hasMessageContaining("CASSANDRA_TLS: expected true or false");
        assertThat(NodeSettings.fromEnvironment(Map.of("CASSANDRA_USERNAME", "twin", "CASSANDRA_PASSWORD", "pw"))
                .getString("datastax-java-driver.advanced.auth-provider.class")).isEqualTo("PlainTextAuthProvider");
    }

    @Test
    void everyVariableOfTheConfigurationIsADeploymentSettingAndDocumented() throws Exception {
        String conf = new String(NodeSettings.class.getResourceAsStream("/application.conf").readAllBytes())
                + new String(NodeSettings.class.getResourceAsStream("/reference.conf").readAllBytes());
        java.util.Set<String> variables = new java.util.TreeSet<>();
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\\$\\{\\?([A-Z0-9_]+)}").matcher(conf);
        while (matcher.find()) {
            variables.add(matcher.group(1));
        }
        java.util.Set<String> settings = new java.util.TreeSet<>();
        NodeSettings.SETTINGS.forEach(setting -> settings.add(setting.env()));
        assertThat(settings).containsAll(variables);
        String docs = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/configuration.md"));
        assertThat(settings).allSatisfy(env -> assertThat(docs).as("docs/configuration.md lists " + env).contains("`" + env + "`"));
    }
}
