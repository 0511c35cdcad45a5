package dev.eventstore.examples.shop.catalog;

import dev.eventstore.EventFilter;
import dev.eventstore.http.CommandEndpoint;
import dev.eventstore.http.CommandReply;
import dev.eventstore.http.CommandRequest;
import dev.eventstore.http.FeedPublisher;
import dev.eventstore.http.HttpEventFeed;
import dev.eventstore.http.HttpService;
import dev.eventstore.http.QueryEndpoint;
import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransaction;
import dev.eventstore.reactor.Reactor;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog as a running service: its HTTP API, its feed and its publisher over its own store, and
 * its inbox of the orders feed (what sells), which it reads at {@code OrderPlaced} version 1.
 *
 * <pre>
 * POST /products                 {commandId, sku, name, price}
 * POST /products/{sku}/price     {commandId, price}
 * GET  /products, /products/{sku}, /bestsellers, /status
 * GET  /feed?after=&amp;limit=&amp;wait=    the public contract ({@link CatalogContract})
 * </pre>
 */
public final class CatalogService {

    private final Catalog catalog;

    private CatalogService(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Starts the catalog.
     *
     * @param store its own store; stays the caller's to close, after this service
     * @param port the HTTP port; 0 for a free one
     * @param peers the other services' addresses: {@code orders}, whose feed tells what sells
     * @return the running service; closing it stops answering, then the feed it follows and its reactors
     * @throws IOException if the port cannot be bound
     * @throws IllegalArgumentException if the orders address is missing
     */
    public static HttpService start(JdbcEventStore store, int port, Map<String, URI> peers) throws IOException {
        Catalog catalog = new Catalog(store);
        CatalogService api = new CatalogService(catalog);
        Bestsellers bestsellers = new Bestsellers(store);
        HttpEventFeed orders = HttpEventFeed.builder(peer(peers, "orders").resolve("/feed")).name("orders")
                .accept("OrderPlaced", OrdersFeed.ORDER_PLACED_VERSION).build();
        Reactor<JdbcTransaction> publisher = CatalogContract.publish(store);
        Reactor<JdbcTransaction> inbox = bestsellers.follow(store, orders);
        return HttpService.builder(CatalogContract.SOURCE, new InetSocketAddress("127.0.0.1", port))
                .feed(FeedPublisher.builder(store, CatalogContract.SOURCE,
                        EventFilter.category(CatalogContract.CATEGORY)).build())
                .endpoint("/products", QueryEndpoint.builder()
                        .get("", query -> catalog.products())
                        .get("{sku}", query -> catalog.product(query.path("sku")))
                        .commands(CommandEndpoint.of(api::command))
                        .build())
                .endpoint("/bestsellers", QueryEndpoint.of(query -> bestsellers.list()))
                .status(status -> status.head(store).metrics(Metrics.globalRegistry).reactor(publisher).reactor(inbox)
                        .feed(orders))
                .closing(publisher)
                .closing(inbox)
                .closing(orders)
                .start();
    }

    /** POST /products, /products/{sku}/price. */
    private CommandReply command(CommandRequest request) {
        List<String> path = request.path();
        Catalog.Result result;
        if (path.isEmpty()) {
            ListProduct list = request.bodyAs(ListProduct.class);
            result = catalog.list(request.commandId(), list.sku(), list.name(), list.price());
        } else if (path.size() == 2 && path.get(1).equals("price")) {
            result = catalog.changePrice(request.commandId(), path.get(0), request.bodyAs(ChangePrice.class).price());
        } else {
            throw new ResourceNotFoundException("no command at /products/" + String.join("/", path));
        }
        return CommandReply.ok(view(result.product(), result.alreadyHandled()));
    }

    private static Map<String, Object> view(Product product, boolean alreadyHandled) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sku", product.sku());
        json.put("name", product.name());
        json.put("price", product.price());
        json.put("alreadyHandled", alreadyHandled);
        return json;
    }

    private static URI peer(Map<String, URI> peers, String name) {
        URI url = peers.get(name);
        if (url == null) {
            throw new IllegalArgumentException("the catalog needs the address of " + name + " (--peer " + name
                    + "=http://host:port); it was given " + peers.keySet());
        }
        return url;
    }

    /**
     * @param sku the product's code
     * @param name its name
     * @param price its price
     */
    record ListProduct(String sku, String name, BigDecimal price) {
    }

    /** @param price the new price */
    record ChangePrice(BigDecimal price) {
    }
}
