package dev.eventstore.examples.shop.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.eventstore.http.HttpServers;
import dev.eventstore.http.Problems;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shop's web page and the small server behind it, run by the launcher beside the services. The
 * page is plain HTML, CSS and JavaScript; the server talks to the services only through their HTTP
 * APIs and feeds, and to their processes only through an {@link Operator}.
 *
 * <pre>
 * GET  /                                  the page (and /shop.js, /shop.css)
 * GET  /api/{service}/{path}              a service's API, passed through: its answers and problems as
 * POST /api/{service}/{path}              they are; 503 (or 504) naming the service when it is down
 * GET  /ops                               every service as the operator sees it (see OperatorView)
 * POST /ops/services/{service}/stop       stop a service, or start it again: answered 202 at once, the
 * POST /ops/services/{service}/start      action shows on /ops while it is under way and after
 * POST /ops/rollout                       replay the roll-out of OrderPlaced version 2 (see RollOut)
 * </pre>
 */
public final class ShopWeb implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShopWeb.class);
    private static final Map<String, String> PAGE = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/shop.js", "shop.js",
            "/shop.css", "shop.css");

    private final Operator operator;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(Wire.daemons("shop-web-call"));
    private final Controls controls;
    private final OperatorView view;

    private ShopWeb(Operator operator, InetSocketAddress address) throws IOException {
        this.operator = operator;
        HttpClient http = Wire.client();
        this.controls = new Controls(operator, new RollOut(operator, http));
        this.view = new OperatorView(operator, controls, http, threads);
        this.server = HttpServers.create(address);
        server.createContext("/", this::page);
        server.createContext(ServiceProxy.PREFIX, new ServiceProxy(operator, http));
        server.createContext("/ops", this::ops);
        server.start();
    }

    /**
     * Starts the page's server on 127.0.0.1.
     *
     * @param operator the shop's processes
     * @param port the port; 0 for a free one
     * @return the running server
     * @throws IOException if the port cannot be bound
     * @throws IllegalArgumentException if the operator is null
     */
    public static ShopWeb start(Operator operator, int port) throws IOException {
        if (operator == null) {
            throw new IllegalArgumentException("operator must not be null");
        }
        return new ShopWeb(operator, new InetSocketAddress("127.0.0.1", port));
    }

    /** @return the page's address, such as {@code http://127.0.0.1:8080/} */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Stops answering and taking actions; an action under way is left to finish. The services stay up. */
    @Override
    public void close() {
        HttpServers.stop(server);
        controls.close();
        threads.shutdownNow();
    }

    private void page(HttpExchange exchange) throws IOException {
        try (exchange) {
            String file = PAGE.get(exchange.getRequestURI().getPath());
            if (file == null) {
                Problems.notFound(exchange, "no page at " + exchange.getRequestURI().getPath());
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                Problems.methodNotAllowed(exchange, "GET");
                return;
            }
            byte[] body;
            try (InputStream in = ShopWeb.class.getResourceAsStream("page/" + file)) {
                body = in.readAllBytes();
            }
            String type = file.endsWith(".js") ? "text/javascript" : file.endsWith(".css") ? "text/css" : "text/html";
            Wire.send(exchange, 200, type + "; charset=utf-8", body);
        }
    }

    private void ops(HttpExchange exchange) throws IOException {
        try (exchange) {
            List<String> path = List.of(exchange.getRequestURI().getPath().substring("/ops".length()).split("/"))
                    .stream().filter(s -> !s.isEmpty()).toList();
            String method = exchange.getRequestMethod();
            if (path.isEmpty()) {
                if (!method.equals("GET")) {
                    Problems.methodNotAllowed(exchange, "GET");
                    return;
                }
                Wire.send(exchange, 200, view.snapshot());
                return;
            }
            if (!method.equals("POST")) {
                Problems.methodNotAllowed(exchange, "POST");
                return;
            }
            String refused;
            if (path.equals(List.of("rollout"))) {
                refused = controls.replayRollOut();
            } else if (path.size() == 3 && path.get(0).equals("services") && List.of("stop", "start")
                    .contains(path.get(2))) {
                if (!operator.services().contains(path.get(1))) {
                    Problems.notFound(exchange, "no service '" + path.get(1) + "'; the services are "
                            + operator.services());
                    return;
                }
                refused = controls.ask(path.get(1), path.get(2));
            } else {
                Problems.notFound(exchange, "nothing at " + exchange.getRequestURI().getPath());
                return;
            }
            if (refused != null) {
                Problems.send(exchange, 409, refused);
            } else {
                Wire.send(exchange, 202, Map.of("accepted", String.join("/", path)));
            }
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            Problems.send(exchange, 500, "the page's server failed: " + e);
        }
    }
}
