package org.cnctwin.twin.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy on 127.0.0.1 that holds every chunk of bytes, both ways, for a delay before passing
 * it on, in order: a slow network or a slow Cassandra, for the nodes behind it. The delay can be
 * changed while connections are open; 0 passes bytes straight on. (No Toxiproxy server runs here,
 * and {@code tc netem} has no kernel module.)
 */
final class LatencyProxy implements AutoCloseable {

    /** Chunks waiting per direction: a full queue stops the reader, so a slow link backs up to the sender's TCP window. */
    private static final int QUEUED_CHUNKS = 1_024;

    private record Chunk(byte[] bytes, long releaseNanos) {}

    private final ServerSocket server;
    private final int upstreamPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile long delayNanos;

    private LatencyProxy(ServerSocket server, int upstreamPort) {
        this.server = server;
        this.upstreamPort = upstreamPort;
    }

    /** Listens on 127.0.0.1:{@code port} and passes every connection on to 127.0.0.1:{@code upstreamPort}. */
    static LatencyProxy start(int port, int upstreamPort) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        LatencyProxy proxy = new LatencyProxy(server, upstreamPort);
        Thread acceptor = new Thread(proxy::accept, "latency-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    /** The delay each chunk gets, each way, from now on. */
    void delay(Duration delay) {
        delayNanos = delay.toNanos();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket downstream = server.accept();
                Socket upstream;
                try {
                    upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                } catch (IOException upstreamDown) {
                    downstream.close(); // as Cassandra itself would refuse it
                    continue;
                }
                sockets.add(downstream);
                sockets.add(upstream);
                pipe(downstream, upstream);
                pipe(upstream, downstream);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pipe(Socket from, Socket to) throws IOException {
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        daemon(() -> {
            byte[] buffer = new byte[64 * 1024];
            try {
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    queue.put(new Chunk(Arrays.copyOf(buffer, read), System.nanoTime() + delayNanos));
                }
            } catch (IOException | InterruptedException ended) {
                // the connection closed
            }
            queue.offer(new Chunk(null, 0));
        });
        daemon(() -> {
            try {
                while (true) {
                    Chunk chunk = queue.take();
                    if (chunk.bytes() == null) {
                        break;
                    }
                    for (long wait; (wait = chunk.releaseNanos() - System.nanoTime()) > 0; ) {
                        LockSupport.parkNanos(wait); // the latency this proxy exists to add
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException ended) {
                // the other side closed
            }
            closeQuietly(from);
            closeQuietly(to);
        });
    }

    private static void daemon(Runnable body) {
        Thread thread = new Thread(body, "latency-proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException alreadyClosed) {
            // nothing left to close
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(LatencyProxy::closeQuietly);
    }
}
