package org.cnctwin.machine.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Scratch folders of tests and benchmarks, which must not pile up in the temporary directory. */
public final class Folders {

    private Folders() {}

    /** Deletes {@code folder} and everything in it, deepest first. */
    public static void delete(Path folder) throws IOException {
        try (var files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
