package org.cnctwin.fleet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.cnctwin.machine.gcode.CanonicalOperation;
import org.cnctwin.machine.gcode.Dialect;
import org.cnctwin.machine.gcode.GcodeException;
import org.cnctwin.machine.gcode.Interpreter;
import org.cnctwin.machine.gcode.MachineProfile;
import org.cnctwin.machine.gcode.Program;
import org.cnctwin.machine.gcode.ProgramLibrary;
import org.cnctwin.machine.gcode.ProgramStatistics;
import org.cnctwin.machine.gcode.Rs274Printer;
import org.cnctwin.machine.gcode.ToolTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gcode check|canon|stats}: read, check and interpret part programs. */
@Command(name = "gcode", mixinStandardHelpOptions = true, description = "Check, interpret and measure FANUC G-code programs.",
        subcommands = {GcodeCommand.Check.class, GcodeCommand.Canon.class, GcodeCommand.Stats.class})
final class GcodeCommand {

    /** Options every gcode sub-command shares. */
    static final class InterpreterOptions {
        @Option(names = "--dialect", defaultValue = "fanuc", description = "fanuc (default), fanuc-calculator or linuxcnc")
        String dialect;

        @Option(names = "--machine", defaultValue = "unlimited", description = "machine profile for travel and speed limits: unlimited (default) or vmc-3axis")
        String machine;

        @Option(names = "--tool-table", description = "LinuxCNC .tbl tool table (T1 P1 D0.125 Z+0.5)")
        Path toolTable;

        @Option(names = "--tool-table-units", defaultValue = "mm", description = "units of the tool table: mm (default) or inch (what rs274 assumes)")
        String toolTableUnits;

        @Option(names = "--library", description = "folder of subprograms for M98/G65 (default: the program's folder)")
        Path library;

        @Option(names = "--block-budget", defaultValue = "10000000", description = "most blocks to run before a loop counts as endless")
        long blockBudget;

        @Option(names = "--block-delete", description = "press the block-delete switch: skip blocks that start with / (default: off, they run)")
        boolean blockDelete;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        Dialect dialect() {
            try {
                return Dialect.named(dialect);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--dialect: " + e.getMessage());
            }
        }

        MachineProfile machine() {
            return switch (machine) {
                case "unlimited" -> MachineProfile.UNLIMITED;
                case "vmc-3axis" -> MachineProfile.VMC_3_AXIS;
                default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "--machine must be unlimited or vmc-3axis, was \"" + machine + '"');
            };
        }

        /** Parses and runs {@code file}, sending every operation to {@code operations}. */
        void run(Path file, Consumer<CanonicalOperation> operations) throws IOException {
            Dialect chosen = dialect();
            ToolTable tools = new ToolTable();
            if (toolTable != null) {
                double unitMm = switch (toolTableUnits) {
                    case "mm" -> 1;
                    case "inch" -> 25.4;
                    default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                            "--tool-table-units must be mm or inch, was \"" + toolTableUnits + '"');
                };
                tools = ToolTable.parseLinuxCnc(toolTable.toString(), Files.readString(toolTable, StandardCharsets.UTF_8), unitMm);
            }
            Path folder = library != null ? library : file.toAbsolutePath().getParent();
            Program program = Program.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8), chosen);
            Interpreter.builder().dialect(chosen).machine(machine()).tools(tools).library(ProgramLibrary.folder(folder, chosen))
                    .blockBudget(blockBudget).blockDelete(blockDelete).build().run(program, operations);
        }
    }

    static String errorLine(GcodeException e) {
        return e.position() + ": error " + e.error().code() + ": " + e.detail();
    }

    /** A sub-command that interprets one file: on a program error, prints its line and exits 1. */
    abstract static class SingleFileCommand implements Callable<Integer> {
        @Mixin
        InterpreterOptions options = new InterpreterOptions();

        @Parameters(arity = "1", paramLabel = "FILE")
        Path file;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            try {
                Consumer<CanonicalOperation> consumer = consumer(out);
                options.run(file, consumer);
                report(out);
                return 0;
            } catch (GcodeException e) {
                out.flush();
                spec.commandLine().getErr().println(errorLine(e));
                return 1;
            } finally {
                out.flush();
            }
        }

        abstract Consumer<CanonicalOperation> consumer(PrintWriter out);

        /** Prints what was gathered, after a clean run. */
        void report(PrintWriter out) throws IOException {}
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Interpret each program; print file:line:column: error ... per problem. Exit 0 when all are clean, 1 otherwise.")
    static final class Check implements Callable<Integer> {
        @Mixin
        InterpreterOptions options = new InterpreterOptions();

        @Parameters(arity = "1..*", paramLabel = "FILE")
        List<Path> files;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            int problems = 0;
            PrintWriter err = spec.commandLine().getErr();
            for (Path file : files) {
                try {
                    options.run(file, operation -> { });
                } catch (GcodeException e) {
                    err.println(errorLine(e));
                    problems++;
                }
            }
            err.flush();
            return problems == 0 ? 0 : 1;
        }
    }

    @Command(name = "canon", mixinStandardHelpOptions = true,
            description = "Print the canonical operations in LinuxCNC rs274's format, to diff against it.")
    static final class Canon extends SingleFileCommand {
        @Override
        Consumer<CanonicalOperation> consumer(PrintWriter out) {
            return new Rs274Printer(out);
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Print JSON: cycle time, rapid and feed distance and time, tools, bounding box.")
    static final class Stats extends SingleFileCommand {
        private ProgramStatistics statistics;

        @Override
        Consumer<CanonicalOperation> consumer(PrintWriter out) {
            statistics = new ProgramStatistics(options.machine());
            return statistics;
        }

        @Override
        void report(PrintWriter out) throws IOException {
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ObjectNode report = json.createObjectNode();
            report.put("file", file.toString());
            report.put("machine", options.machine().name());
            report.put("cycleTimeS", round(statistics.cycleTimeS()));
            report.put("feedTimeS", round(statistics.feedTimeS()));
            report.put("rapidTimeS", round(statistics.rapidTimeS()));
            report.put("dwellTimeS", round(statistics.dwellTimeS()));
            report.put("toolChanges", statistics.toolChanges());
            report.put("feedDistanceMm", round(statistics.feedDistanceMm()));
            report.put("rapidDistanceMm", round(statistics.rapidDistanceMm()));
            statistics.tools().stream().sorted().forEach(report.putArray("tools")::add);
            double[] box = statistics.boundingBoxMm();
            if (box != null) {
                ObjectNode boundingBox = report.putObject("boundingBoxMm");
                boundingBox.putArray("min").add(round(box[0])).add(round(box[1])).add(round(box[2]));
                boundingBox.putArray("max").add(round(box[3])).add(round(box[4])).add(round(box[5]));
            }
            report.put("operations", statistics.operations());
            out.println(json.writeValueAsString(report));
        }

        private static double round(double value) {
            return Math.round(value * 1000) / 1000.0;
        }
    }
}
