package org.cnctwin.fleet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code java -jar fleet-sim.jar <command>}: the fleet simulator's and the G-code tools' command line. */
@Command(name = "fleet-sim", mixinStandardHelpOptions = true, version = "fleet-sim 0.1.0",
        description = "CNC machine fleet simulator and FANUC G-code tools.",
        subcommands = {RunCommand.class, GcodeCommand.class})
public final class FleetSimCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as users get it; tests run this too. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new FleetSimCli());
        // A mistake in the arguments gets its message and a pointer to --help, not the whole usage.
        commandLine.setParameterExceptionHandler((mistake, arguments) -> {
            CommandLine command = mistake.getCommandLine();
            command.getErr().println(mistake.getMessage());
            command.getErr().println("Try '" + command.getCommandSpec().qualifiedName() + " --help'.");
            return command.getCommandSpec().exitCodeOnInvalidInput();
        });
        return commandLine;
    }
}
