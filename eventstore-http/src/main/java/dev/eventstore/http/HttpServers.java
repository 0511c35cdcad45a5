package dev.eventstore.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Creates a JDK {@link HttpServer} set up for feeds and commands. Two of the JDK server's defaults get
 * in their way:
 * <ul>
 *   <li>Without an executor it runs every handler on its one dispatcher thread, so a long poll holds up
 *       every other request. The server made here has an executor of its own: a thread per request
 *       under way, idle threads ending after a minute, daemon threads that never keep a JVM alive.</li>
 *   <li>It leaves Nagle's algorithm on: the body of a response waits for the client to acknowledge the
 *       headers, which a client delays (about 40 ms on Linux). So every answer, and every entry a long
 *       poll hands on, arrives 40 ms late. The JDK server turns it off when the system property
 *       {@value #NO_DELAY_PROPERTY} is {@code true}, and reads the property once, when the JVM creates
 *       its first HTTP server. {@link #create} sets it (unless it is set already) before creating the
 *       server: create servers through here from the start, or start the JVM with
 *       {@code -D}{@value #NO_DELAY_PROPERTY}{@code =true}.</li>
 * </ul>
 *
 * <pre>{@code
 * HttpServer server = HttpServers.create(new InetSocketAddress(8080));
 * server.createContext("/feed", feed);
 * server.createContext("/orders", orders);
 * server.start();
 * }</pre>
 */
public final class HttpServers {

    /** The JDK server's switch for {@code TCP_NODELAY} on the connections it accepts. */
    public static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private static final AtomicLong THREADS = new AtomicLong();

    private HttpServers() {
    }

    /**
     * Creates a server bound to an address, not started yet, with an executor of its own and
     * {@code TCP_NODELAY} on (see the class description).
     *
     * @param address where to listen; port 0 for a free one ({@code server.getAddress().getPort()} tells
     *     which)
     * @return the server; start it with {@link HttpServer#start()}, stop it with {@link #stop(HttpServer)}
     * @throws IOException if the address cannot be bound (a port in use)
     * @throws IllegalArgumentException if {@code address} is null
     */
    public static HttpServer create(InetSocketAddress address) throws IOException {
        Args.notNull("address", address);
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
        HttpServer server = HttpServer.create(address, 0);
        server.setExecutor(new OwnExecutor());
        return server;
    }

    /**
     * Stops a server at once: open connections are closed, requests under way (long polls) are cut off,
     * and the executor {@link #create} gave it is shut down. Close the {@link FeedPublisher}s it served
     * afterwards. Calling it on a stopped server is harmless.
     *
     * @param server a server made by {@link #create}, or another (whose executor is then left alone)
     * @throws IllegalArgumentException if {@code server} is null
     */
    public static void stop(HttpServer server) {
        Args.notNull("server", server);
        try {
            server.stop(0);
        } catch (IllegalStateException notStarted) {
            // Never started, or stopped already: nothing to stop.
        }
        if (server.getExecutor() instanceof OwnExecutor executor) {
            executor.shutdownNow();
        }
    }

    /** A thread per task under way, as a cached thread pool; daemon threads, named for thread dumps. */
    private static final class OwnExecutor extends ThreadPoolExecutor {
        OwnExecutor() {
            super(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
                Thread thread = new Thread(task, "eventstore-http-" + THREADS.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
    }
}
