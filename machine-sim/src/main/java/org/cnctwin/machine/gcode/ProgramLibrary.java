package org.cnctwin.machine.gcode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where M98 and G65 find programs that are not in the calling file: a folder holding
 * {@code O1234.nc}, {@code O1234.ngc} or {@code 1234.nc}. The interpreter core does no I/O; this is
 * the one class that reads files, and a test can use {@link #NONE} or {@link #of(Map)}.
 */
public interface ProgramLibrary {

    ProgramLibrary NONE = programNumber -> Optional.empty();

    Optional<Program> find(int programNumber);

    static ProgramLibrary of(Map<Integer, Program> programs) {
        return programNumber -> Optional.ofNullable(programs.get(programNumber));
    }

    static ProgramLibrary folder(Path folder, Dialect dialect) {
        Map<Integer, Program> loaded = new HashMap<>();
        return programNumber -> Optional.ofNullable(loaded.computeIfAbsent(programNumber, number -> {
            for (String name : new String[] {String.format("O%04d.nc", number), String.format("O%04d.ngc", number), number + ".nc", "O" + number + ".nc"}) {
                Path file = folder.resolve(name);
                if (Files.isRegularFile(file)) {
                    try {
                        return Program.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8), dialect);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
            return null;
        }));
    }
}
