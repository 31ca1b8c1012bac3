package org.cnctwin.machine.gcode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cnctwin.machine.testing.Folders;
import org.junit.jupiter.api.Assumptions;

/**
 * LinuxCNC's standalone interpreter {@code rs274}, taken from Debian's {@code linuxcnc-uspace}
 * package without installing LinuxCNC: the two .debs are downloaded once with
 * {@code apt-get download} into {@code ~/.cache/cnc-twin/linuxcnc} and unpacked there.
 */
final class Rs274Peer {

    static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "cnc-twin", "linuxcnc");
    private static final Path ROOT = CACHE.resolve("root");
    static final Path SAMPLES = ROOT.resolve("usr/share/linuxcnc/ncfiles");
    private static final String[] PACKAGES = {"linuxcnc-uspace", "libboost-python1.74.0"};

    private Rs274Peer() {}

    /** Makes sure rs274 is unpacked; aborts the test off Debian, fails on Debian when it cannot be had. */
    static synchronized Path binary() throws IOException, InterruptedException {
        Path rs274 = ROOT.resolve("usr/bin/rs274");
        if (Files.isExecutable(rs274)) {
            return rs274;
        }
        Assumptions.assumeTrue(onPath("apt-get") && onPath("dpkg"),
                "rs274 comes from Debian's linuxcnc-uspace package; this machine has no apt-get/dpkg to fetch it");
        Files.createDirectories(CACHE);
        List<String> download = new ArrayList<>(List.of("apt-get", "download"));
        download.addAll(List.of(PACKAGES));
        Result fetched = exec(CACHE, download, null);
        assertThat(fetched.exitCode()).as("apt-get download %s failed (run 'apt-get update' first, as .ci/run does):%n%s",
                String.join(" ", PACKAGES), fetched.output()).isZero();
        try (var debs = Files.list(CACHE)) {
            for (Path deb : debs.filter(path -> path.toString().endsWith(".deb")).toList()) {
                Result unpacked = exec(CACHE, List.of("dpkg", "-x", deb.toString(), ROOT.toString()), null);
                assertThat(unpacked.exitCode()).as("dpkg -x %s: %s", deb, unpacked.output()).isZero();
            }
        }
        assertThat(rs274).as("rs274 after unpacking").isExecutable();
        return rs274;
    }

    /** Runs rs274 on {@code program} with a fresh parameter file and home, and returns its canonical output. */
    static String run(Path program, Path toolTable) throws IOException, InterruptedException {
        return inScratch(scratch -> {
            interpret(program, toolTable, scratch);
            return Files.readString(scratch.resolve(OUTPUT), StandardCharsets.UTF_8);
        });
    }

    /** The wall-clock seconds rs274 takes for {@code program}, its process start included, as a user would run it. */
    static double seconds(Path program, Path toolTable) throws IOException, InterruptedException {
        return inScratch(scratch -> interpret(program, toolTable, scratch) / 1e9);
    }

    private interface ScratchWork<T> {
        T in(Path scratch) throws IOException, InterruptedException;
    }

    /** rs274 leaves its parameter file, a backup and {@code .tool.mmap} beside the output: a folder per run, deleted after. */
    private static <T> T inScratch(ScratchWork<T> work) throws IOException, InterruptedException {
        Path scratch = Files.createTempDirectory("rs274-");
        try {
            return work.in(scratch);
        } finally {
            Folders.delete(scratch);
        }
    }

    private static final String OUTPUT = "canon.txt";

    /** @return the nanoseconds rs274 ran, writing {@value #OUTPUT} into {@code scratch} */
    private static long interpret(Path program, Path toolTable, Path scratch) throws IOException, InterruptedException {
        Path rs274 = binary();
        Path variables = Files.createFile(scratch.resolve("rs274.var"));
        List<String> command = List.of(rs274.toString(), "-g", "-v", variables.toString(), "-t", toolTable.toAbsolutePath().toString(),
                program.toAbsolutePath().toString(), scratch.resolve(OUTPUT).toString());
        long start = System.nanoTime();
        Result result = exec(scratch, command, scratch);
        long elapsed = System.nanoTime() - start;
        assertThat(result.exitCode()).as("rs274 on %s:%n%s", program, result.output()).isZero();
        return elapsed;
    }

    record Result(int exitCode, String output) {}

    private static Result exec(Path directory, List<String> command, Path home) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectInput(new File("/dev/null"));
        if (home != null) {
            builder.environment().put("HOME", home.toString()); // rs274 writes $HOME/.tool.mmap
            builder.environment().put("LD_LIBRARY_PATH", ROOT.resolve("usr/lib") + ":" + ROOT.resolve("usr/lib/x86_64-linux-gnu"));
        }
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "timed out: " + String.join(" ", command));
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static boolean onPath(String program) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(folder, program))) {
                return true;
            }
        }
        return false;
    }

    /** A motion line: the canonical call's name and its numbers. */
    record Motion(String name, double[] numbers, String line) {
        @Override
        public String toString() {
            return line;
        }
    }

    /** The motion lines of rs274-format output: traverse, feed, arc and dwell, zero-length moves included. */
    static List<Motion> motions(String canonOutput) {
        List<Motion> motions = new ArrayList<>();
        for (String line : canonOutput.split("\n")) {
            int open = line.indexOf('(');
            int space = line.lastIndexOf(' ', open);
            if (open < 0 || space < 0) {
                continue;
            }
            String name = line.substring(space + 1, open);
            if (!name.equals("STRAIGHT_TRAVERSE") && !name.equals("STRAIGHT_FEED") && !name.equals("ARC_FEED") && !name.equals("DWELL")) {
                continue;
            }
            String[] parts = line.substring(open + 1, line.lastIndexOf(')')).split(",");
            double[] numbers = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                numbers[i] = Double.parseDouble(parts[i].trim());
            }
            motions.add(new Motion(name, numbers, line.substring(space + 1).trim()));
        }
        return motions;
    }
}
