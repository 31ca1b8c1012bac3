package org.cnctwin.machine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar machine-sim.jar <command>}: the simulator's command line. */
@Command(name = "machine-sim", mixinStandardHelpOptions = true, version = "machine-sim 0.1.0",
        description = "CNC machine simulator and FANUC G-code tools.",
        subcommands = {GcodeCommand.class})
public final class MachineSimCli {

    public static void main(String[] args) {
        System.exit(new CommandLine(new MachineSimCli()).execute(args));
    }
}
