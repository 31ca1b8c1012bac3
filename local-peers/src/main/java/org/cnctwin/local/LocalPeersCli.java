package org.cnctwin.local;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar local-peers.jar cassandra --data DIR}: Cassandra 5.0 for a local cluster
 * (deploy/local/cluster.sh), in a JVM of its own, until this program gets SIGTERM, which stops
 * it. One line on standard output says where it serves and its process id.
 */
@Command(name = "local-peers", mixinStandardHelpOptions = true, version = "local-peers 0.1.0",
        description = "What runs beside the twin nodes on a developer's machine.", subcommands = LocalPeersCli.CassandraCommand.class)
public final class LocalPeersCli {

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new LocalPeersCli());
        commandLine.setParameterExceptionHandler((mistake, arguments) -> {
            mistake.getCommandLine().getErr().println(mistake.getMessage());
            mistake.getCommandLine().getErr().println("Try '" + mistake.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return 2;
        });
        System.exit(commandLine.execute(args));
    }

    @Command(name = "cassandra", mixinStandardHelpOptions = true,
            description = {"Run Cassandra 5.0 on 127.0.0.1 until SIGTERM; prints 'cassandra cql=127.0.0.1:<port> pid=<pid>' once it serves CQL.",
                    "Its jars come from cassandra-server/target/lib (CASSANDRA_LIB elsewhere)."})
    static final class CassandraCommand implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--data", required = true, description = "Data, commit log, configuration and logs; kept between runs.")
        Path data;

        @Option(names = "--port", defaultValue = "0", description = "CQL port on 127.0.0.1; 0 (the default) takes a free one.")
        int port;

        @Option(names = "--heap-mb", defaultValue = "768", description = "Cassandra's heap in MB (default ${DEFAULT-VALUE}).")
        int heapMb;

        @Override
        public Integer call() throws InterruptedException {
            if (port < 0 || port > 65535) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--port: expected 0-65535, was " + port);
            }
            if (heapMb < 256) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--heap-mb: expected at least 256, was " + heapMb);
            }
            EmbeddedCassandra cassandra = EmbeddedCassandra.start(data, port, heapMb);
            CountDownLatch ended = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                cassandra.close();
                ended.countDown();
            }, "stop-cassandra"));
            cassandra.exited().thenRun(ended::countDown);
            System.out.println("cassandra cql=" + cassandra.contactPoint() + " pid=" + cassandra.pid());
            System.out.flush();
            ended.await(); // until SIGTERM (the hook stops Cassandra) or Cassandra's own end
            if (cassandra.exited().isDone()) {
                System.err.println("Cassandra (pid " + cassandra.pid() + ") exited on its own; see " + data.resolve("cassandra.out"));
                return 1;
            }
            return 0;
        }
    }
}
