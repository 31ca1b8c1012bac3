package org.cnctwin.machine.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.cnctwin.machine.gcode.CanonicalOperation;
import org.cnctwin.machine.gcode.Dialect;
import org.cnctwin.machine.gcode.Interpreter;
import org.cnctwin.machine.gcode.MachineProfile;
import org.cnctwin.machine.gcode.Program;
import org.cnctwin.machine.gcode.ProgramLibrary;
import org.cnctwin.machine.gcode.ToolTable;
import org.cnctwin.machine.physics.ToolMaterial;
import org.cnctwin.machine.physics.WorkpieceMaterial;

/**
 * What a simulated machine makes, part after part: the programs it runs in order on one piece of
 * stock, the tools they use and the workpiece material. Read from a folder (or the shipped
 * sample under {@code programs/} on the class path) holding {@code job.properties}, the programs,
 * {@code tools.tbl} (LinuxCNC format, mm) and {@code magazine.tsv} (edges and tool material).
 *
 * <p>Each program is interpreted once per machine profile and the operations are shared by every
 * machine of that profile, so a fleet of a thousand costs one interpretation.
 */
public final class Job {

    /** The raw block, in the programs' G54 coordinates. */
    public record Stock(double minXMm, double minYMm, double maxXMm, double maxYMm, double topZMm, double cellMm) {}

    /** A program and where it came from. */
    public record PartProgram(String name, Program program) {}

    private final List<PartProgram> programs;
    private final ToolTable toolTable;
    private final Map<Integer, ToolSpec> tools;
    private final WorkpieceMaterial material;
    private final Stock stock;
    private final ProgramLibrary library;
    private final Map<String, List<List<CanonicalOperation>>> operationsByProfile = new ConcurrentHashMap<>();

    public Job(List<PartProgram> programs, ToolTable toolTable, Map<Integer, ToolSpec> tools, WorkpieceMaterial material, Stock stock,
               ProgramLibrary library) {
        if (programs.isEmpty()) {
            throw new IllegalArgumentException("a job needs at least one program");
        }
        this.programs = List.copyOf(programs);
        this.toolTable = toolTable;
        this.tools = Map.copyOf(tools);
        this.material = material;
        this.stock = stock;
        this.library = library;
    }

    /** The shipped sample: O1001-O1005 on a 102 × 82 mm steel block. */
    public static Job sample() {
        return load("classpath:programs", name -> {
            try (InputStream in = Job.class.getResourceAsStream("/programs/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("programs/" + name + " is missing from the class path");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }, ProgramLibrary.NONE);
    }

    /** A job folder of the user's; M98/G65 calls also find programs there. */
    public static Job fromFolder(Path folder) {
        return load(folder.toString(), name -> Files.readString(folder.resolve(name), StandardCharsets.UTF_8),
                ProgramLibrary.folder(folder, Dialect.FANUC));
    }

    private interface Reader {
        String read(String name) throws IOException;
    }

    private static Job load(String where, Reader reader, ProgramLibrary library) {
        try {
            Properties properties = new Properties();
            properties.load(new StringReader(reader.read("job.properties")));
            List<PartProgram> programs = new ArrayList<>();
            for (String name : required(properties, where, "programs").split(",")) {
                String file = name.trim();
                programs.add(new PartProgram(file.replaceFirst("[-.].*$", ""), Program.parse(where + '/' + file, reader.read(file), Dialect.FANUC)));
            }
            ToolTable table = ToolTable.parseLinuxCnc(where + "/tools.tbl", reader.read("tools.tbl"), 1);
            Map<Integer, ToolSpec> tools = parseMagazine(where + "/magazine.tsv", reader.read("magazine.tsv"), table);
            WorkpieceMaterial material = WorkpieceMaterial.valueOf(required(properties, where, "material"));
            Stock stock = new Stock(number(properties, where, "stock.minXMm"), number(properties, where, "stock.minYMm"),
                    number(properties, where, "stock.maxXMm"), number(properties, where, "stock.maxYMm"),
                    number(properties, where, "stock.topZMm"), Double.parseDouble(properties.getProperty("stock.cellMm", "1.0")));
            return new Job(programs, table, tools, material, stock, library);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the job in " + where + ": " + e.getMessage(), e);
        }
    }

    private static String required(Properties properties, String where, String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where + "/job.properties: " + key + " is missing");
        }
        return value.trim();
    }

    private static double number(Properties properties, String where, String key) {
        String value = required(properties, where, key);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + "/job.properties: " + key + " must be a number in mm, was \"" + value + '"');
        }
    }

    /** {@code tool<TAB>teeth<TAB>material<TAB>description}; # starts a comment. */
    static Map<Integer, ToolSpec> parseMagazine(String file, String text, ToolTable table) {
        Map<Integer, ToolSpec> tools = new TreeMap<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            String where = file + ':' + (i + 1) + ": ";
            if (fields.length < 3) {
                throw new IllegalArgumentException(where + "expected tool<TAB>teeth<TAB>material[<TAB>description], was \"" + line + '"');
            }
            int number;
            int teeth;
            ToolMaterial material;
            try {
                number = Integer.parseInt(fields[0].trim());
                teeth = Integer.parseInt(fields[1].trim());
                material = ToolMaterial.valueOf(fields[2].trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "expected a tool number, a number of teeth and one of "
                        + java.util.Arrays.toString(ToolMaterial.values()) + ", was \"" + line + '"');
            }
            if (!table.has(number)) {
                throw new IllegalArgumentException(where + "tool " + number + " is not in the tool table");
            }
            tools.put(number, new ToolSpec(number, 2 * table.get(number).radiusMm(), teeth, material, fields.length > 3 ? fields[3].trim() : ""));
        }
        return tools;
    }

    public List<PartProgram> programs() {
        return programs;
    }

    public Map<Integer, ToolSpec> tools() {
        return tools;
    }

    public WorkpieceMaterial material() {
        return material;
    }

    public Stock stock() {
        return stock;
    }

    /**
     * The canonical operations of program {@code index} on a machine with {@code profile}.
     *
     * @throws org.cnctwin.machine.gcode.GcodeException when a program does not fit the machine
     */
    public List<CanonicalOperation> operations(MachineProfile profile, int index) {
        return operationsByProfile.computeIfAbsent(profile.name(), name -> {
            List<List<CanonicalOperation>> all = new ArrayList<>();
            for (PartProgram partProgram : programs) {
                List<CanonicalOperation> operations = new ArrayList<>();
                Interpreter.builder().machine(profile).tools(toolTable.copy()).library(library).optionalStop(false).build()
                        .run(partProgram.program(), operations::add);
                all.add(List.copyOf(operations));
            }
            return List.copyOf(all);
        }).get(index);
    }
}
