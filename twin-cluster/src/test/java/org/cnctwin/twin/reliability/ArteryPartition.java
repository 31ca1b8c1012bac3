package org.cnctwin.twin.reliability;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network partition of one node: an {@code iptables} rule that drops every TCP packet to the
 * node's Artery port on the loopback interface, so the others' messages never reach it and its
 * replies to their heartbeats never leave (both sides see the other unreachable). HTTP, the
 * broker and Cassandra stay reachable, as in a partition between cluster members only. The rule
 * is matched on the destination: connections to 127.0.0.1 leave with that source address
 * whichever node opens them. {@link #close()} removes exactly the rule this added.
 */
final class ArteryPartition {

    private final List<String> rule;
    private boolean active;

    private ArteryPartition(List<String> rule) {
        this.rule = rule;
    }

    static ArteryPartition isolate(String nodeAddress, int arteryPort) throws Exception {
        ArteryPartition partition = new ArteryPartition(List.of("INPUT", "-i", "lo", "-d", nodeAddress, "-p", "tcp", "--dport",
                Integer.toString(arteryPort), "-m", "comment", "--comment", "cnc-twin ReliabilityIT", "-j", "DROP"));
        partition.iptables("-I");
        partition.active = true;
        return partition;
    }

    /** Heals the partition. */
    void close() throws Exception {
        if (active) {
            iptables("-D");
            active = false;
        }
    }

    private void iptables(String operation) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("iptables", "-w", operation));
        command.addAll(rule);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (it needs root and Debian's iptables package): " + output);
        }
    }
}
