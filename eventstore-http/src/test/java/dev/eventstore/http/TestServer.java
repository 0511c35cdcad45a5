package dev.eventstore.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;

/** A JDK HTTP server on the loopback interface, made by {@link HttpServers} unless a test needs otherwise. */
final class TestServer implements AutoCloseable {

    private final HttpServer server;
    private boolean closed;

    private TestServer(HttpServer server) {
        this.server = server;
    }

    /**
     * @param port the port; 0 for a free one
     * @param handlers the handlers by context path
     * @return the started server
     */
    static TestServer start(int port, Map<String, HttpHandler> handlers) {
        return start(port, handlers, true);
    }

    /**
     * @param withExecutor false to run handlers on the server's dispatcher thread, as a server without an
     *     executor does
     */
    static TestServer start(int port, Map<String, HttpHandler> handlers, boolean withExecutor) {
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            HttpServer server = withExecutor ? HttpServers.create(address) : HttpServer.create(address, 0);
            handlers.forEach(server::createContext);
            server.start();
            return new TestServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** @param pathAndQuery for example {@code /feed?after=3} */
    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    /** Stops at once: connections are closed, requests under way are cut off. Harmless twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        HttpServers.stop(server);
    }
}
