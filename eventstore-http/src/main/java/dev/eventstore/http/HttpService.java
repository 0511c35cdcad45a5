package dev.eventstore.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's HTTP face, on one JDK server made by {@link HttpServers}: the feed of its published
 * events at {@value #FEED_PATH}, a {@link StatusEndpoint} at {@value #STATUS_PATH}, the application's
 * own endpoints, and what is to be closed with it, closed in order.
 *
 * <pre>{@code
 * Reactor<JdbcTransaction> publisher = ...;
 * HttpService payments = HttpService.builder("payments", new InetSocketAddress("127.0.0.1", 8082))
 *         .feed(FeedPublisher.builder(store, "payments", EventFilter.category("public")).build())
 *         .endpoint("/payments", QueryEndpoint.builder()...build())
 *         .status(status -> status.head(store).reactor(publisher))
 *         .closing(publisher)
 *         .start();
 * ...
 * payments.close();   // the server, then the feed, then the publisher
 * }</pre>
 *
 * <h2>Closing</h2>
 * {@link #close()} stops the server first (requests under way, long polls included, are cut off), so
 * that nothing is answered from a service half closed; then the feed; then the resources given to
 * {@link Builder#closing}, the last given first, as try-with-resources would: give a reactor before the
 * feed it follows, and the feed is closed first. A resource that fails to close is logged, and the
 * others are closed all the same. If the service cannot start (its port is taken), the feed and those
 * resources are closed before {@link Builder#start()} throws: nothing is left running.
 */
public final class HttpService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpService.class);

    /** Where the feed is served. */
    public static final String FEED_PATH = "/feed";
    /** Where the status is served. */
    public static final String STATUS_PATH = "/status";

    private final String name;
    private final HttpServer server;
    private final FeedPublisher feed;
    private final Deque<AutoCloseable> resources;
    private boolean closed;

    private HttpService(String name, HttpServer server, FeedPublisher feed, Deque<AutoCloseable> resources) {
        this.name = name;
        this.server = server;
        this.feed = feed;
        this.resources = resources;
    }

    /**
     * @param name the service's name: the {@code service} of its status, and its name in logs
     * @param address where to listen; port 0 for a free one ({@link #port()} tells which)
     * @return a builder: no feed, a status page with the name alone, no endpoints, nothing to close
     * @throws IllegalArgumentException if the address is null, or the name blank, longer than 100
     *     characters or holding control characters
     */
    public static Builder builder(String name, InetSocketAddress address) {
        return new Builder(Args.name("name", name, 100), Args.notNull("address", address));
    }

    /** @return the service's name */
    public String name() {
        return name;
    }

    /** @return the port the service listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Stops the service: the server, then the feed, then the resources to close, the last given first.
     * Calling it again is harmless.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        HttpServers.stop(server);
        closeAll(name, feed, resources);
    }

    @Override
    public String toString() {
        return "HttpService[" + name + " at " + server.getAddress() + "]";
    }

    private static void closeAll(String name, FeedPublisher feed, Deque<AutoCloseable> resources) {
        if (feed != null) {
            feed.close();
        }
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.error("Service {}: closing {} failed", name, resource, e);
            }
        }
    }

    /** Builds and starts an {@link HttpService}; each setter checks its value at once. */
    public static final class Builder {
        private final String name;
        private final InetSocketAddress address;
        private final StatusEndpoint.Builder status;
        private final Map<String, HttpHandler> endpoints = new LinkedHashMap<>();
        private final Deque<AutoCloseable> resources = new ArrayDeque<>();
        private FeedPublisher feed;

        private Builder(String name, InetSocketAddress address) {
            this.name = name;
            this.address = address;
            this.status = StatusEndpoint.builder(name);
        }

        /**
         * @param feed the feed of the service's published events, served at {@value #FEED_PATH} and
         *     closed after the server
         * @return this builder
         * @throws IllegalArgumentException if null, or a feed was given already
         */
        public Builder feed(FeedPublisher feed) {
            Args.notNull("feed", feed);
            if (this.feed != null) {
                throw new IllegalArgumentException("service " + name + " has a feed already: " + this.feed);
            }
            this.feed = feed;
            return this;
        }

        /**
         * @param path the context path, such as {@code /orders}: it answers the requests of that path and
         *     of every path below it
         * @param handler answers them: a {@link QueryEndpoint}, a {@link CommandEndpoint}, any handler
         * @return this builder
         * @throws IllegalArgumentException if an argument is null, the path does not start with {@code /},
         *     or it is taken ({@value #FEED_PATH} and {@value #STATUS_PATH} are)
         */
        public Builder endpoint(String path, HttpHandler handler) {
            Args.notNull("path", path);
            Args.notNull("handler", handler);
            if (!path.startsWith("/") || path.equals(FEED_PATH) || path.equals(STATUS_PATH)
                    || endpoints.containsKey(path)) {
                throw new IllegalArgumentException("path must start with '/' and be free ("
                        + FEED_PATH + " and " + STATUS_PATH + " are the service's own), was: " + path);
            }
            endpoints.put(path, handler);
            return this;
        }

        /**
         * @param status adds what the status page at {@value #STATUS_PATH} shows besides the service's
         *     name: its store's head, its reactors, the feeds it follows, the command clients it sends with
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder status(Consumer<StatusEndpoint.Builder> status) {
            Args.notNull("status", status).accept(this.status);
            return this;
        }

        /**
         * @param resource closed when the service closes, after the server and the feed; resources are
         *     closed the last given first
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder closing(AutoCloseable resource) {
            resources.push(Args.notNull("resource", resource));
            return this;
        }

        /**
         * Binds the address and starts answering.
         *
         * @return the running service
         * @throws IOException if the address cannot be bound; the feed and the resources to close are
         *     closed first
         */
        public HttpService start() throws IOException {
            HttpServer server;
            try {
                server = HttpServers.create(address);
            } catch (IOException | RuntimeException e) {
                closeAll(name, feed, resources);
                throw e;
            }
            if (feed != null) {
                server.createContext(FEED_PATH, feed);
            }
            endpoints.forEach(server::createContext);
            server.createContext(STATUS_PATH, status.build());
            server.start();
            return new HttpService(name, server, feed, new ArrayDeque<>(resources));
        }
    }
}
