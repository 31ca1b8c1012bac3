package org.cnctwin.fleet.cli;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Cancellable;
import org.cnctwin.fleet.Fleet;
import org.cnctwin.fleet.TruthWriter;
import org.cnctwin.machine.publish.BrokerSettings;
import org.cnctwin.machine.sim.FaultSpec;
import org.cnctwin.machine.sim.FleetOptions;
import org.cnctwin.machine.sim.Job;
import org.cnctwin.machine.sim.MachineSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code run}: a fleet of simulated machines publishing telemetry over MQTT. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulate a fleet of CNC machines running the sample job (or yours) and publish their telemetry and events over MQTT.",
            "Faults: TYPE[/SEVERITY]@TIME[:MACHINE], e.g. bearing-outer-race-defect/0.8@10m:cnc-003; TYPE is one of tool-breakage,",
            "accelerated-tool-wear, bearing-outer-race-defect, bearing-inner-race-defect, coolant-failure, spindle-imbalance,",
            "axis-servo-fault, sensor-drift, sensor-stuck, sensor-dropout."})
final class RunCommand implements Callable<Integer> {

    @Mixin
    FleetOptions machinesToSimulate;

    @Option(names = "--broker", description = "tcp://host:1883 or ssl://host:8883 (AWS IoT Core: ssl://<endpoint>:8883)")
    String broker;

    @Option(names = "--tls-ca", description = "CA certificate(s) that signed the broker's, PEM")
    Path tlsCa;

    @Option(names = "--tls-cert", description = "client certificate, PEM; {id} in the path stands for the machine id")
    String tlsCert;

    @Option(names = "--tls-key", description = "client private key, PEM; {id} in the path stands for the machine id")
    String tlsKey;

    @Option(names = "--username", description = "MQTT user name, if the broker wants one (password from MQTT_PASSWORD)")
    String username;

    @Option(names = "--speed", defaultValue = "1", description = "simulated seconds per second, or max (default ${DEFAULT-VALUE}: real time)")
    String speed;

    @Option(names = "--duration", description = "simulated time to run, e.g. 90s, 30m, 8h (default: until Ctrl-C)")
    String duration;

    @Option(names = "--truth", description = "write the hidden state, one JSON line per machine per simulated second")
    Path truth;

    @Option(names = "--no-publish", description = "simulate without a broker")
    boolean noPublish;

    @Option(names = "--job", description = "folder with job.properties, programs, tools.tbl and magazine.tsv (default: the shipped sample job)")
    Path job;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Fleet.Options options;
        try {
            options = options();
        } catch (IllegalArgumentException | IOException | UncheckedIOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        ActorSystem system = ActorSystem.create("fleet-sim", ConfigFactory.parseString("""
                pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
                pekko.loglevel = WARNING
                pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                """).withFallback(ConfigFactory.load()));
        PrintWriter out = spec.commandLine().getOut();
        Fleet fleet = new Fleet(system, options);
        long startNanos = System.nanoTime();
        long startCpuNanos = processCpuNanos();
        boolean terminal = System.console() != null;
        Cancellable progress = terminal
                ? system.scheduler().scheduleWithFixedDelay(Duration.ofSeconds(1), Duration.ofSeconds(1),
                        () -> { out.print('\r' + progressLine(fleet, startNanos)); out.flush(); }, system.dispatcher())
                : null;
        CompletableFuture<Void> finished = fleet.run().toCompletableFuture().thenAccept(done -> { });
        CountDownLatch summaryPrinted = new CountDownLatch(1);
        Thread stopOnCtrlC = new Thread(() -> {
            fleet.stop(); // what is queued is still sent; then the main thread prints the summary
            try {
                summaryPrinted.await(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fleet-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
        int exit = 0;
        try {
            finished.join();
        } catch (RuntimeException e) {
            exit = 1;
        } finally {
            if (progress != null) {
                progress.cancel();
                out.println('\r' + progressLine(fleet, startNanos));
            }
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running already
            }
            system.terminate();
            if (options.truth() != null) {
                options.truth().close();
            }
        }
        out.println(summary(fleet, startNanos, startCpuNanos));
        out.flush();
        summaryPrinted.countDown();
        return exit;
    }

    private Fleet.Options options() throws IOException {
        double simulatedSpeed = "max".equalsIgnoreCase(speed) ? Double.POSITIVE_INFINITY : parseSpeed();
        Duration simulated = duration == null ? null : Duration.ofMillis(Math.round(FaultSpec.seconds(duration, "--duration") * 1000));
        if (Double.isInfinite(simulatedSpeed) && simulated == null) {
            throw new IllegalArgumentException("--speed max needs --duration: it would never end");
        }
        if (simulatedSpeed > 1 && simulated == null && !noPublish) {
            throw new IllegalArgumentException("--speed above 1 needs --duration when publishing: samples carry simulated time, "
                    + "which must not run ahead of the real clock (the twin refuses samples from the future)");
        }
        if (broker == null && !noPublish) {
            throw new IllegalArgumentException("give --broker tcp://host:1883 (or ssl://...), or --no-publish to simulate without one");
        }
        List<FaultSpec> faultSpecs = machinesToSimulate.faultSpecs();
        List<MachineSpec> specs = machinesToSimulate.specs();
        BrokerSettings brokerSettings = noPublish ? null
                : new BrokerSettings(broker, tlsCa, tlsCert, tlsKey, username, System.getenv("MQTT_PASSWORD"));
        // A fleet faster than real time starts in the past, so its last sample is stamped about now.
        Instant start = simulated != null && simulatedSpeed > 1 ? Instant.now().minus(simulated) : Instant.now();
        return new Fleet.Options(machinesToSimulate.machines, machinesToSimulate.idPrefix, specs, job == null ? Job.sample() : Job.fromFolder(job), simulatedSpeed, simulated, machinesToSimulate.seed,
                faultSpecs, brokerSettings, truth == null ? null : new TruthWriter(truth), start);
    }

    private double parseSpeed() {
        try {
            return Double.parseDouble(speed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--speed: expected a number of simulated seconds per second, or max, was \"" + speed + '"');
        }
    }

    static String progressLine(Fleet fleet, long startNanos) {
        Fleet.Stats stats = fleet.stats();
        long backlog = stats.messagesQueued.get() - stats.messagesSent.get() - stats.messagesDropped.get();
        return String.format(Locale.ROOT, "machines %d/%d | simulated %s | %,d samples | sent %,d msgs | queued %,d | errors %,d   ",
                stats.machinesRunning.get(), fleet.options().machines(), clock(stats.simulatedSeconds.get()), stats.samples.get(),
                stats.messagesSent.get(), backlog, stats.connectionFailures.get() + stats.commandsRejected.get() + stats.messagesDropped.get());
    }

    static String summary(Fleet fleet, long startNanos, long startCpuNanos) {
        Fleet.Stats stats = fleet.stats();
        double wallS = (System.nanoTime() - startNanos) / 1e9;
        double cpuS = (processCpuNanos() - startCpuNanos) / 1e9;
        long simulatedS = stats.simulatedSeconds.get();
        return String.format(Locale.ROOT, """
                %d machines, %s simulated in %.1f s of wall time (%.0f× real time), CPU %.2f cores on average
                samples %,d | messages sent %,d, dropped %,d | parts %,d | alarms %,d
                connection failures %,d | commands applied %,d, rejected %,d""",
                fleet.options().machines(), clock(simulatedS), wallS, simulatedS / Math.max(wallS, 1e-9), cpuS / Math.max(wallS, 1e-9),
                stats.samples.get(), stats.messagesSent.get(), stats.messagesDropped.get(), stats.parts.get(), stats.alarms.get(),
                stats.connectionFailures.get(), stats.commandsApplied.get(), stats.commandsRejected.get())
                + (fleet.options().truth() != null ? String.format(Locale.ROOT, "%ntruth: %,d lines in %s", fleet.options().truth().lines(), fleet.options().truth().file()) : "");
    }

    /** CPU time of the whole process (every thread: simulation, MQTT clients, GC), for the fleet's CPU budget. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String clock(long seconds) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
