package org.cnctwin.machine.gcode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs small programs for the tests. */
final class GcodeTesting {

    private GcodeTesting() {}

    static List<CanonicalOperation> run(Dialect dialect, String text) {
        return run(Interpreter.builder().dialect(dialect), text);
    }

    static List<CanonicalOperation> run(Interpreter.Builder interpreter, String text) {
        Interpreter built = interpreter.build();
        List<CanonicalOperation> operations = new ArrayList<>();
        built.run(Program.parse("test.nc", text, built.dialect()), operations::add);
        return operations;
    }

    /** Where each move ends, as "G0 X.. Y.. Z.." strings in work coordinates, mm, 3 decimals. */
    static List<String> moves(List<CanonicalOperation> operations) {
        List<String> moves = new ArrayList<>();
        for (CanonicalOperation operation : operations) {
            String kind = operation instanceof CanonicalOperation.Traverse ? "G0"
                    : operation instanceof CanonicalOperation.LinearFeed ? "G1"
                    : operation instanceof CanonicalOperation.ArcFeed arc ? (arc.clockwise() ? "G2" : "G3") : null;
            if (kind != null) {
                Position end = operation.state().workPosition();
                moves.add(String.format(java.util.Locale.ROOT, "%s X%.3f Y%.3f Z%.3f", kind, end.x(), end.y(), end.z()));
            }
        }
        return moves;
    }

    static ProgramLibrary library(Dialect dialect, Map<Integer, String> programs) {
        Map<Integer, Program> parsed = new java.util.HashMap<>();
        programs.forEach((number, text) -> parsed.put(number, Program.parse("O" + number + ".nc", text, dialect)));
        return ProgramLibrary.of(parsed);
    }
}
