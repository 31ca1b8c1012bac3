package org.cnctwin.fleet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.cnctwin.machine.sim.SimulatedMachine;

/**
 * {@code --truth FILE.jsonl}: one JSON line per machine per simulated second with what the sensors
 * cannot show (true flank wear per tool, bearing damage, temperatures, active faults and their
 * onset), to judge detectors and forecasts against. Machines of a fleet write from their own
 * streams, so writes are serialised here.
 */
public final class TruthWriter implements Closeable {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance));

    private final Path file;
    private final BufferedWriter out;
    private final AtomicLong lines = new AtomicLong();

    public TruthWriter(Path file) {
        this.file = file;
        try {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("--truth " + file + ": cannot write: " + e.getMessage(), e);
        }
    }

    public synchronized void write(SimulatedMachine.Truth truth) {
        try {
            out.write(JSON.writeValueAsString(truth));
            out.newLine();
            lines.incrementAndGet();
        } catch (IOException e) {
            throw new UncheckedIOException("--truth " + file + ": " + e.getMessage(), e);
        }
    }

    public long lines() {
        return lines.get();
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("--truth " + file + ": " + e.getMessage(), e);
        }
    }
}
