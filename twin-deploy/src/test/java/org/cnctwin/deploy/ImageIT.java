package org.cnctwin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The image {@code jib:buildTar} wrote to target/jib-image.tar, as a container runtime would use
 * it: its configuration, and its layers unpacked into a root file system in which the entry
 * point runs as the image's user under {@code chroot}, with /proc mounted in a private mount
 * namespace ({@code unshare}). No Docker engine exists here; chroot, unshare and mount need root,
 * which CI has.
 */
class ImageIT {

    static final Path IMAGE = Path.of("target/jib-image.tar");

    @TempDir
    static Path scratch;

    static Path root;
    static JsonNode config;

    @BeforeAll
    static void unpack() throws Exception {
        assertThat(IMAGE).as("the image tarball (jib:buildTar runs in the package phase)").exists();
        Path archive = Files.createDirectories(scratch.resolve("archive"));
        assertThat(DeployTools.run(archive, Map.of(), "tar", "-xf", IMAGE.toAbsolutePath().toString()).exitCode()).isZero();
        ObjectMapper json = new ObjectMapper();
        JsonNode manifest = json.readTree(archive.resolve("manifest.json").toFile()).get(0);
        config = json.readTree(archive.resolve(manifest.get("Config").asText()).toFile()).get("config");
        root = Files.createDirectories(scratch.resolve("root"));
        for (JsonNode layer : manifest.get("Layers")) { // in order: later layers over earlier ones
            DeployTools.Result unpacked = DeployTools.run(archive, Map.of(), "tar", "--warning=no-unknown-keyword", "-xzf", layer.asText(), "-C",
                    root.toString());
            assertThat(unpacked.exitCode()).as("unpacking %s: %s", layer.asText(), unpacked.output()).isZero();
        }
        Files.createDirectories(root.resolve("proc"));
    }

    @Test
    void runsTheProductionNodeAsANonRootUserWithAHeapSizedFromTheContainer() {
        assertThat(config.get("User").asText()).isEqualTo("65532:65532");
        assertThat(config.get("Entrypoint")).extracting(JsonNode::asText)
                .containsExactly("/opt/java/bin/java", "-cp", "@/app/jib-classpath-file", "org.cnctwin.twin.node.TwinNodeMain");
        assertThat(config.get("Env")).extracting(JsonNode::asText).contains("JDK_JAVA_OPTIONS=-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError");
        assertThat(config.get("ExposedPorts").fieldNames()).toIterable().containsExactlyInAnyOrder("8080/tcp", "8558/tcp", "25520/tcp");
        assertThat(root.resolve("etc/passwd")).content().contains("nonroot:x:65532:65532:");
    }

    @Test
    void holdsOnlyTheNodeNotTheDemoNorItsLocalPeers() throws Exception {
        List<String> libraries;
        try (var files = Files.list(root.resolve("app/libs"))) {
            libraries = files.map(path -> path.getFileName().toString()).toList();
        }
        assertThat(libraries).anyMatch(name -> name.startsWith("twin-cluster-"))
                .noneMatch(name -> name.startsWith("twin-demo") || name.startsWith("local-peers") || name.startsWith("fleet-sim")
                        || name.startsWith("moquette") || name.startsWith("cassandra-all"));
    }

    @ParameterizedTest
    @MethodSource("org.cnctwin.deploy.HelmChartIT#valuesFiles")
    void acceptsTheSettingsTheChartGivesIt(String values) throws Exception {
        Map<String, String> environment = HelmChartIT.env(HelmChartIT.node(RenderedChart.render(values)));
        // The Secrets the pod would mount (a device certificate, a trust store) as files in the image's file system.
        for (String file : List.of("etc/cnc-twin/mqtt/ca.crt", "etc/cnc-twin/mqtt/tls.crt", "etc/cnc-twin/mqtt/tls.key",
                "etc/cnc-twin/cassandra/truststore.jks", "etc/cnc-twin/api-tls/tls.crt", "etc/cnc-twin/api-tls/tls.key")) {
            Files.createDirectories(root.resolve(file).getParent());
            Files.writeString(root.resolve(file), "mounted");
        }

        DeployTools.Result checked = inImage(environment, "--check-config");

        assertThat(checked.exitCode()).as("--check-config in the image with %s:%n%s", values, checked.output()).isZero();
        assertThat(checked.output()).contains(environment.get("CASSANDRA_CONTACT_POINTS")).contains(environment.get("MQTT_URL"));
    }

    @Test
    void refusesABadSettingNamingItAndAnswersHelp() throws Exception {
        Map<String, String> environment = new HashMap<>(Map.of("CASSANDRA_CONTACT_POINTS", "cassandra", "MQTT_URL", "tcp://broker:1883",
                "CLUSTER_BOOTSTRAP_ENDPOINTS", "127.0.0.1:8558", "API_AUTH_MODE", "open"));

        DeployTools.Result refused = inImage(environment, "--check-config");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.output()).contains("CASSANDRA_CONTACT_POINTS: expected comma-separated host:port");

        DeployTools.Result help = inImage(environment, "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("--check-config");
    }

    /** Runs the image's entry point with {@code arguments}, as its user, in a clean environment plus the image's own and {@code environment}. */
    private static DeployTools.Result inImage(Map<String, String> environment, String... arguments) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "running the image needs chroot, unshare and mount, so root (CI runs as root); this user is " + System.getProperty("user.name"));
        // sh mounts /proc in unshare's private mount namespace (gone when it ends), then env -i gives
        // chroot nothing but the image's variables and these; $0 is the root file system.
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--fork", "sh", "-c",
                "mount -t proc proc \"$0/proc\" && exec env -i \"$@\"", root.toString()));
        config.get("Env").forEach(variable -> command.add(variable.asText()));
        environment.forEach((name, value) -> command.add(name + "=" + value));
        command.addAll(List.of("/usr/sbin/chroot", "--userspec=" + config.get("User").asText(), root.toString()));
        config.get("Entrypoint").forEach(part -> command.add(part.asText()));
        command.addAll(List.of(arguments));
        return DeployTools.run(root, Map.of(), command.toArray(String[]::new));
    }
}
