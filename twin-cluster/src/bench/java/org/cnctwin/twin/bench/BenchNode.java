package org.cnctwin.twin.bench;

import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.cnctwin.twin.MachineTwin;
import org.cnctwin.twin.TwinChildren;

/** The benchmarks' one-node cluster: joined to itself, Up, with the twins registered. */
final class BenchNode {

    private BenchNode() {}

    static ActorSystem<Void> joinedWithTwins(ActorSystem<Void> node) throws InterruptedException {
        Cluster cluster = Cluster.get(node);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (cluster.selfMember().status() != MemberStatus.up()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the node did not join itself within 30 s");
            }
            Thread.sleep(100); // a benchmark driver waiting for start-up; nothing to subscribe to here
        }
        MachineTwin.initSharding(node, TwinChildren.standard());
        return node;
    }

    static void stop(ActorSystem<Void> node) throws Exception {
        node.terminate();
        node.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
