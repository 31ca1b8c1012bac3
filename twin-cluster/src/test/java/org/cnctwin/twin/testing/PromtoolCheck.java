package org.cnctwin.twin.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Prometheus's own linter on what {@code /metrics} serves: {@code promtool check metrics} (Debian
 * package {@code prometheus}, installed by {@code .ci/run}). Required in CI; elsewhere a missing
 * promtool is reported and the check skipped.
 */
public final class PromtoolCheck {

    private PromtoolCheck() {}

    public static void assertValid(String exposition) throws Exception {
        Path promtool = Stream.of(System.getenv("PATH").split(":")).map(folder -> Path.of(folder, "promtool")).filter(Files::isExecutable)
                .findFirst().orElse(null);
        if (promtool == null) {
            assertThat(System.getenv("CI")).as("promtool must be installed in CI (apt-get install prometheus)").isNull();
            System.err.println("promtool not found: the metrics were not linted (apt-get install prometheus)");
            return;
        }
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = check.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String findings = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.exitValue()).as("promtool check metrics: " + findings).isZero();
        assertThat(findings).as("promtool's lint findings").isBlank();
    }
}
