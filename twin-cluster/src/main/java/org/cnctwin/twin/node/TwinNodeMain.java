package org.cnctwin.twin.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.concurrent.Callable;
import org.cnctwin.twin.evaluation.EvaluateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar twin-cluster.jar}: a production node, configured by its environment
 * (docs/configuration.md). A bad or missing setting stops it before anything starts, with exit
 * code 2 and every problem named; {@code --check-config} does only that check.
 */
@Command(name = "twin-node", mixinStandardHelpOptions = true, version = "twin-node 0.1.0", subcommands = EvaluateCommand.class,
        description = {"A node of the CNC twin cluster: sharded machine twins, the MQTT ingest, the fleet view and the HTTP API.",
                "Every setting comes from the environment; docs/configuration.md lists them.",
                "evaluate: the twin's detection judged against the simulator's truth, without a cluster (docs/detection.md)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the node stopped (SIGTERM), or --check-config found nothing wrong", "2:a setting or an argument is not valid"})
public final class TwinNodeMain implements Callable<Integer> {

    @Option(names = "--check-config", description = "Check the settings, print the main ones and exit.")
    boolean checkOnly;

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new TwinNodeMain());
        commandLine.setParameterExceptionHandler((mistake, arguments) -> {
            mistake.getCommandLine().getErr().println(mistake.getMessage());
            mistake.getCommandLine().getErr().println("Try 'twin-node --help'.");
            return 2;
        });
        int exitCode = commandLine.execute(args);
        if (exitCode != 0 || commandLine.<TwinNodeMain>getCommand().checkOnly || commandLine.getParseResult().subcommand() != null) {
            System.exit(exitCode);
        }
        // A node running: the JVM exits when the node's CoordinatedShutdown has finished (exit-jvm).
    }

    @Override
    public Integer call() throws Exception {
        Config config;
        try {
            // A node that is downed or told to stop ends its JVM, so that its supervisor (Kubernetes) starts a new one.
            config = ConfigFactory.parseString("pekko.coordinated-shutdown.exit-jvm = on").withFallback(NodeSettings.load(System.getenv()));
        } catch (NodeSettings.InvalidSettingsException invalid) {
            System.err.println(invalid.getMessage());
            return 2;
        }
        if (checkOnly) {
            System.out.println(summary(config));
            return 0;
        }
        TwinNode.Running node = TwinNode.start(config, config.getInt("cnc-twin.http.port"));
        node.system().log().info("Twin node up: API {}, management {}; {}", node.url(), node.managementUrl(), summary(config));
        return 0;
    }

    /** The settings an operator checks first, on one line. */
    static String summary(Config config) {
        return "settings valid: cluster discovery " + config.getString(NodeSettings.DISCOVERY_KEY) + " (service "
                + config.getString(NodeSettings.SERVICE_NAME_KEY) + "), split brain resolver "
                + config.getString("pekko.cluster.split-brain-resolver.active-strategy") + ", Cassandra " + config.getStringList(NodeSettings.CONTACT_POINTS_KEY)
                + " keyspace " + config.getString("pekko.persistence.cassandra.journal.keyspace") + ", MQTT " + config.getString("cnc-twin.ingest.mqtt.url")
                + ", API " + config.getString("cnc-twin.http.interface") + ":" + config.getInt("cnc-twin.http.port") + " (auth "
                + config.getString("cnc-twin.http.auth.mode") + "), management " + config.getString("pekko.management.http.hostname") + ":"
                + config.getInt("pekko.management.http.port");
    }
}
