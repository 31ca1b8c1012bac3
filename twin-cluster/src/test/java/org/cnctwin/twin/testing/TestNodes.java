package org.cnctwin.twin.testing;

import static org.awaitility.Awaitility.await;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.cnctwin.local.EmbeddedCassandra;
import org.cnctwin.machine.testing.Folders;
import org.cnctwin.twin.MachineTwin;
import org.cnctwin.twin.TwinChildren;

/**
 * The one-node clusters of twin-cluster's integration tests, made in one place: a real Cassandra
 * 5.0 (one forked JVM for the whole test run, started on first use and stopped when the run
 * ends), and nodes on it that join themselves and register the twins. Each test class takes
 * keyspaces of its own, so the twins of one class never meet another's.
 */
public final class TestNodes {

    private static EmbeddedCassandra cassandra;
    private static Path cassandraFolder;

    private TestNodes() {}

    /** The run's Cassandra, started on first use. */
    public static synchronized EmbeddedCassandra cassandra() {
        if (cassandra == null) {
            try {
                cassandraFolder = Files.createTempDirectory("cnc-twin-test-cassandra");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            cassandra = EmbeddedCassandra.start(cassandraFolder, 0, 768);
            Runtime.getRuntime().addShutdownHook(new Thread(TestNodes::stopCassandra, "stop-test-cassandra"));
        }
        return cassandra;
    }

    private static synchronized void stopCassandra() {
        if (cassandra != null) {
            cassandra.close();
            cassandra = null;
            try {
                Folders.delete(cassandraFolder);
            } catch (IOException e) {
                System.err.println("test Cassandra's folder " + cassandraFolder + " not deleted: " + e);
            }
        }
    }

    /**
     * What a node of {@code keyspace} reads, over everything else: Cassandra, its own keyspaces, ports free for the taking.
     *
     * @param keyspace a CQL name: the journal's keyspace, with {@code <keyspace>_snapshot} beside it
     */
    public static Config config(String keyspace, Config overrides) {
        // load(...) resolves application.conf's references (the offset store's keyspace is the journal's) after the overrides
        return ConfigFactory.load(overrides.withFallback(ConfigFactory.parseString("""
                datastax-java-driver.basic.contact-points = ["%s"]
                pekko.remote.artery.canonical.port = 0
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                pekko.persistence.cassandra.journal.keyspace = %s
                pekko.persistence.cassandra.snapshot.keyspace = %s_snapshot
                """.formatted(cassandra().contactPoint(), keyspace, keyspace))).withFallback(ConfigFactory.defaultApplication()));
    }

    /** A one-node cluster on the run's Cassandra, Up, with the twins registered. */
    public static ActorSystem<Void> start(String keyspace, Config overrides) {
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "twin-it", config(keyspace, overrides));
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.selfMember().status() == MemberStatus.up());
        MachineTwin.initSharding(system, TwinChildren.standard());
        return system;
    }

    public static ActorSystem<Void> start(String keyspace) {
        return start(keyspace, ConfigFactory.empty());
    }

    public static void stop(ActorSystem<?> system) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the node did not stop within 30 s", e);
        }
    }
}
