package dev.eventstore.examples.shop.orders;

import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.http.InvalidFieldException;
import dev.eventstore.EventFilter;
import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import dev.eventstore.RecordedEvent;
import dev.eventstore.RetryPolicy;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.examples.shop.orders.OrderCommand.RecordAuthorisation;
import dev.eventstore.examples.shop.orders.OrderCommand.RecordCapture;
import dev.eventstore.examples.shop.orders.OrderCommand.RecordDispatch;
import dev.eventstore.examples.shop.orders.OrderCommand.RecordRefund;
import dev.eventstore.examples.shop.orders.OrderCommand.RecordReservation;
import dev.eventstore.examples.shop.orders.OrderCommand.RecordShipmentCancelled;
import dev.eventstore.examples.shop.orders.OrderCommand.RecordShipmentScheduled;
import dev.eventstore.examples.shop.orders.OrderCommand.RecordStockCommitted;
import dev.eventstore.examples.shop.orders.OrderCommand.RecordStockReleased;
import dev.eventstore.examples.shop.orders.OrderCommand.RecordStockReturned;
import dev.eventstore.examples.shop.orders.OrderCommand.RecordVoid;
import dev.eventstore.examples.shop.orders.OrderCommand.TimeOutPayment;
import dev.eventstore.examples.shop.orders.OrderEvent.AuthorisationRequested;
import dev.eventstore.examples.shop.orders.OrderEvent.CaptureRequested;
import dev.eventstore.examples.shop.orders.OrderEvent.Line;
import dev.eventstore.examples.shop.orders.OrderEvent.OrderPlaced;
import dev.eventstore.examples.shop.orders.OrderEvent.RefundRequested;
import dev.eventstore.examples.shop.orders.OrderEvent.ShipmentCancellationRequested;
import dev.eventstore.examples.shop.orders.OrderEvent.ShipmentRequested;
import dev.eventstore.examples.shop.orders.OrderEvent.StockCommitRequested;
import dev.eventstore.examples.shop.orders.OrderEvent.StockReleaseRequested;
import dev.eventstore.examples.shop.orders.OrderEvent.StockReturnRequested;
import dev.eventstore.examples.shop.orders.OrderEvent.VoidRequested;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransaction;
import dev.eventstore.http.CommandClient;
import dev.eventstore.reactor.EventFeed;
import dev.eventstore.reactor.Publisher;
import dev.eventstore.reactor.ReactionContext;
import dev.eventstore.reactor.Reactor;
import dev.eventstore.typed.EventTypes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkout process manager, as reactors of the orders service's own store:
 *
 * <ul>
 *   <li><b>{@value #TO_INVENTORY}</b>, <b>{@value #TO_PAYMENTS}</b>, <b>{@value #TO_SHIPPING}</b>: each
 *       follows the order streams and carries out the requests ({@link OrderEvent.Request}) addressed to
 *       one service, as an HTTP command whose id is {@code ctx.commandId(...)} of the request event: the
 *       same every time, so a request carried out again books nothing twice there. A service that is
 *       down stops only its own reactor, which retries with back-off, for ever, and shows as waiting;
 *       orders keep moving through the other services meanwhile. {@value #TO_PAYMENTS} also keeps the
 *       durable payment deadline: scheduled when an authorisation is asked for, cancelled when the
 *       answer is recorded ({@value #FROM_PAYMENTS}, in the same transaction), and when it fires, the
 *       order times out.</li>
 *   <li><b>inboxes</b> ({@value #FROM_INVENTORY}, {@value #FROM_PAYMENTS}, {@value #FROM_SHIPPING},
 *       {@value #FROM_CATALOG}): each follows another service's feed and records what it reads as an
 *       order command (or a price), in a transaction with its checkpoint: exactly once.</li>
 *   <li><b>{@value #PUBLISHER}</b>: publishes the public contract.</li>
 * </ul>
 *
 * The logic of what follows what is in {@link OrderDecider}; these reactors only move messages.
 */
public final class Checkout implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Checkout.class);

    /** Carries out the requests addressed to the inventory. */
    public static final String TO_INVENTORY = "to-inventory";
    /** Carries out the requests addressed to payments, and keeps the payment deadline. */
    public static final String TO_PAYMENTS = "to-payments";
    /** Carries out the requests addressed to shipping. */
    public static final String TO_SHIPPING = "to-shipping";
    /** Follows the inventory's feed. */
    public static final String FROM_INVENTORY = "from-inventory";
    /** Follows the payments feed. */
    public static final String FROM_PAYMENTS = "from-payments";
    /** Follows the shipping feed. */
    public static final String FROM_SHIPPING = "from-shipping";
    /** Follows the catalog's feed into the price list. */
    public static final String FROM_CATALOG = "from-catalog";
    /** Publishes the public contract. */
    public static final String PUBLISHER = "orders-publisher";

    private static final String PAYMENT_DEADLINE = "payment:";
    private static final RetryPolicy FOR_EVER = RetryPolicy.forever(Duration.ofMillis(100), Duration.ofSeconds(2));
    /**
     * Most events each reactor reads are not for it, and the requests it carries out only call another
     * service: saving its checkpoint after each of them would cost a commit (a disk flush) each, more
     * than the checkout's own work. Saved at most this often instead; after a crash, the requests after
     * the saved checkpoint are sent again, under the same command ids, and book nothing twice.
     */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    /**
     * How many reactors of {@value #TO_INVENTORY}, and of {@value #TO_PAYMENTS}, share the orders between
     * them (by order stream). Each carries out its orders' requests one after the other, every one an
     * HTTP call that waits for the other service's commit; alone, one reactor would hold every order
     * behind the one whose call is under way. {@value #TO_SHIPPING} makes one call per order and stays
     * alone.
     */
    static final int REQUEST_PARTITIONS = 4;

    private final JdbcEventStore store;
    private final CommandHandler<OrderCommand, Order, OrderEvent> handler;
    private final EventTypes types;
    private final EventTypes publicTypes;
    private final PriceList prices;
    private final Map<String, CommandClient> peers;
    private final Settings settings;
    /** What starts each reactor, by the name of its checkpoint. */
    private final Map<String, Starter> factories = new LinkedHashMap<>();
    private final Map<String, Reactor<JdbcTransaction>> running = new ConcurrentHashMap<>();

    /**
     * What the checkout can be told.
     *
     * @param paymentTimeout how long an authorisation may take before the order gives up on it
     * @param orderPlacedVersion the version of {@code OrderPlaced} this release publishes, 1 or 2
     */
    public record Settings(Duration paymentTimeout, int orderPlacedVersion) {
        /** @throws IllegalArgumentException naming a bad setting */
        public Settings {
            if (paymentTimeout == null || paymentTimeout.isNegative() || paymentTimeout.isZero()) {
                throw new IllegalArgumentException("paymentTimeout must be above zero, was: " + paymentTimeout);
            }
            if (orderPlacedVersion != 1 && orderPlacedVersion != OrdersContract.ORDER_PLACED_VERSION) {
                throw new IllegalArgumentException("orderPlacedVersion must be 1 or 2, was: " + orderPlacedVersion);
            }
        }
    }

    /**
     * @param store the service's own store
     * @param orders the orders
     * @param prices the price list the catalog inbox keeps
     * @param peers sends commands to the other services, by name: {@code inventory}, {@code payments},
     *     {@code shipping}
     * @param feeds the other services' feeds, by name: {@code catalog}, {@code inventory},
     *     {@code payments}, {@code shipping}; an inbox starts for each one given
     * @param settings the settings
     */
    public Checkout(JdbcEventStore store, Orders orders, PriceList prices, Map<String, CommandClient> peers,
            Map<String, EventFeed> feeds, Settings settings) {
        this.store = store;
        this.handler = orders.handler();
        this.types = orders.types();
        this.publicTypes = OrdersContract.types(orders.keys());
        this.prices = prices;
        this.peers = Map.copyOf(peers);
        this.settings = settings;
        factories.put(PUBLISHER, fromScratch -> publisher());
        for (int i = 0; i < REQUEST_PARTITIONS; i++) {
            int partition = i;
            factories.put(partitionName(TO_INVENTORY, partition), starter(() -> toInventory(partition)));
        }
        for (int i = 0; i < REQUEST_PARTITIONS; i++) {
            int partition = i;
            factories.put(partitionName(TO_PAYMENTS, partition), starter(() -> toPayments(partition)));
        }
        factories.put(TO_SHIPPING, starter(this::toShipping));
        if (feeds.containsKey("catalog")) {
            factories.put(FROM_CATALOG, starter(() -> fromCatalog(feeds.get("catalog"))));
        }
        if (feeds.containsKey("inventory")) {
            factories.put(FROM_INVENTORY, starter(() -> fromInventory(feeds.get("inventory"))));
        }
        if (feeds.containsKey("payments")) {
            factories.put(FROM_PAYMENTS, starter(() -> fromPayments(feeds.get("payments"))));
        }
        if (feeds.containsKey("shipping")) {
            factories.put(FROM_SHIPPING, starter(() -> fromShipping(feeds.get("shipping"))));
        }
    }

    /**
     * Starts every reactor.
     *
     * @return this
     */
    public Checkout start() {
        factories.forEach((name, factory) -> running.put(name, factory.start(false)));
        return this;
    }

    /**
     * @return the running reactors, by the name of their checkpoint: {@value #TO_INVENTORY} and
     *     {@value #TO_PAYMENTS} as {@code to-payments#1/4} to {@code #4/4}
     */
    public Map<String, Reactor<JdbcTransaction>> reactors() {
        Map<String, Reactor<JdbcTransaction>> copy = new LinkedHashMap<>();
        for (String name : factories.keySet()) {
            Reactor<JdbcTransaction> reactor = running.get(name);
            if (reactor != null) {
                copy.put(name, reactor);
            }
        }
        return copy;
    }

    /**
     * Moves a reactor's checkpoint back, so that it reacts again to everything after {@code position}:
     * the reactor is stopped, its checkpoint saved at the position, and it is started again. What it
     * does again carries the ids it carried the first time, so nothing is booked twice. The name of a
     * reactor shared by partitions ({@value #TO_PAYMENTS}) moves them all; {@code to-payments#2/4} one.
     *
     * @param name the reactor's name, or the name of one partition's checkpoint
     * @param position the position to go back to; 0 for the start
     * @return the checkpoint it had before (the highest of its partitions')
     * @throws IllegalArgumentException if there is no such reactor, or the position is negative
     */
    public synchronized long rewind(String name, long position) {
        List<String> names = new ArrayList<>();
        for (String key : factories.keySet()) {
            if (key.equals(name) || key.startsWith(name + "#")) {
                names.add(key);
            }
        }
        if (names.isEmpty()) {
            throw new InvalidFieldException("reactor", "reactor names no reactor of the orders service: '" + name
                    + "'; there are " + factories.keySet());
        }
        if (position < 0) {
            throw new InvalidFieldException("to", "to must not be negative, was: " + position);
        }
        long highest = 0;
        for (String key : names) {
            Reactor<JdbcTransaction> reactor = running.remove(key);
            if (reactor != null) {
                reactor.close();
            }
            long before = store.checkpointStore().load(key);
            long to = Math.min(position, before);
            if (to == 0) {
                store.checkpointStore().save(key, 0);
                running.put(key, factories.get(key).start(true));
            } else {
                store.checkpointStore().save(key, to);
                running.put(key, factories.get(key).start(false));
            }
            LOG.info("Moved the checkpoint of reactor '{}' back from {} to {}", key, before, to);
            highest = Math.max(highest, before);
        }
        return highest;
    }

    /** Stops every reactor; each finishes what it is doing first. */
    @Override
    public void close() {
        for (Reactor<JdbcTransaction> reactor : running.values()) {
            reactor.close();
        }
        running.clear();
    }

    // ------------------------------------------------------------------------------------ requests out

    /**
     * A reactor over the order streams that reacts to events of some types. The filter is the category:
     * the public streams of the same store hold events of the same type names (an {@code OrderPlaced}
     * of the contract beside the internal one), which must not be mistaken for requests.
     */
    private Reactor.Builder<JdbcTransaction> requests(String name, Request carry, Class<?>... types) {
        Set<Class<?>> wanted = Set.of(types);
        return Reactor.builder(name, store)
                .filter(EventFilter.category("order"))
                .retry(FOR_EVER)
                .checkpointInterval(CHECKPOINT_INTERVAL)
                .deadlinePollInterval(Duration.ofMillis(250))
                .reaction((event, ctx) -> {
                    OrderEvent decoded = decode(event);
                    if (wanted.contains(decoded.getClass())) {
                        carry.out(decoded, ctx);
                    }
                });
    }

    /** Starts a reactor: from its checkpoint, or from the start of the log. */
    @FunctionalInterface
    private interface Starter {
        Reactor<JdbcTransaction> start(boolean fromScratch);
    }

    /**
     * Starts a reactor from its builder. From scratch, it is rebuilt: a partition whose checkpoint is 0
     * would otherwise start where its unpartitioned predecessor stopped.
     */
    private static Starter starter(Supplier<Reactor.Builder<JdbcTransaction>> builder) {
        return fromScratch -> fromScratch ? builder.get().rebuild() : builder.get().start();
    }

    /** Carries out a request addressed to another service. */
    @FunctionalInterface
    private interface Request {
        void out(OrderEvent request, ReactionContext<JdbcTransaction> ctx) throws Exception;
    }

    /** The name of one partition's checkpoint, as {@link Reactor#checkpointName()} has it. */
    private static String partitionName(String name, int partition) {
        return name + "#" + (partition + 1) + "/" + REQUEST_PARTITIONS;
    }

    private Reactor.Builder<JdbcTransaction> toInventory(int partition) {
        return requests(TO_INVENTORY, this::toInventory, OrderPlaced.class, StockCommitRequested.class,
                StockReleaseRequested.class, StockReturnRequested.class).partition(partition, REQUEST_PARTITIONS);
    }

    private void toInventory(OrderEvent request, ReactionContext<JdbcTransaction> ctx) throws Exception {
        String id = request.orderId();
        if (request instanceof OrderPlaced placed) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (Line line : placed.lines()) {
                items.add(Map.of("sku", line.sku(), "quantity", line.quantity()));
            }
            send(ctx, "inventory", "/reservations", Map.of("orderId", id, "items", items));
        } else if (request instanceof StockCommitRequested) {
            send(ctx, "inventory", "/reservations/" + id + "/commit", Map.of());
        } else if (request instanceof StockReleaseRequested) {
            send(ctx, "inventory", "/reservations/" + id + "/release", Map.of());
        } else if (request instanceof StockReturnRequested) {
            send(ctx, "inventory", "/reservations/" + id + "/return", Map.of());
        }
    }

    private Reactor.Builder<JdbcTransaction> toPayments(int partition) {
        return requests(TO_PAYMENTS, this::toPayments, AuthorisationRequested.class, CaptureRequested.class,
                RefundRequested.class, VoidRequested.class)
                .partition(partition, REQUEST_PARTITIONS)
                .onDeadline((deadline, ctx) -> {
                    String id = deadline.key().substring(PAYMENT_DEADLINE.length());
                    ctx.handle(handler, Orders.stream(id), new TimeOutPayment(deadline.dueAt()), "timeout");
                });
    }

    private void toPayments(OrderEvent request, ReactionContext<JdbcTransaction> ctx) throws Exception {
        String id = request.orderId();
        if (request instanceof AuthorisationRequested authorise) {
            send(ctx, "payments", "/payments", Map.of("paymentId", authorise.paymentId(), "orderId", id,
                    "amount", authorise.amount(), "cardNumber", authorise.cardNumber()));
            // After the call: the deadline is the reaction's first local effect.
            ctx.schedule(PAYMENT_DEADLINE + id, settings.paymentTimeout(), "{}");
        } else if (request instanceof CaptureRequested capture) {
            send(ctx, "payments", "/payments/" + capture.paymentId() + "/capture", Map.of());
        } else if (request instanceof RefundRequested refund) {
            send(ctx, "payments", "/payments/" + refund.paymentId() + "/refund", Map.of());
        } else if (request instanceof VoidRequested voiding) {
            send(ctx, "payments", "/payments/" + voiding.paymentId() + "/void", Map.of());
        }
    }

    private Reactor.Builder<JdbcTransaction> toShipping() {
        return requests(TO_SHIPPING, this::toShipping, ShipmentRequested.class, ShipmentCancellationRequested.class);
    }

    private void toShipping(OrderEvent request, ReactionContext<JdbcTransaction> ctx) throws Exception {
        String id = request.orderId();
        if (request instanceof ShipmentRequested ship) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (Line line : ship.lines()) {
                items.add(Map.of("sku", line.sku(), "quantity", line.quantity()));
            }
            send(ctx, "shipping", "/shipments", Map.of("orderId", id, "address", ship.address(),
                    "items", items));
        } else {
            CommandClient.Reply reply = sendMayBeRefused(ctx, "shipping", "/shipments/" + id + "/cancel",
                    Map.of());
            if (reply.rejected()) {
                // The parcel left first: shipping's feed brings the dispatch, and the order ships.
                LOG.info("Shipping refused to cancel the shipment of order {}: {}", id, reply.detail().orElse(""));
            }
        }
    }

    private void send(ReactionContext<JdbcTransaction> ctx, String peer, String path, Map<String, Object> body)
            throws Exception {
        CommandClient.Reply reply = sendMayBeRefused(ctx, peer, path, body);
        if (reply.rejected()) {
            // The decider only asks for what fits the other service's state: a refusal is a bug or a
            // state this shop cannot reach. Retrying (and showing it) is all that is safe.
            throw new IllegalStateException(peer + " refused " + path + ": " + reply.detail().orElse(""));
        }
    }

    private CommandClient.Reply sendMayBeRefused(ReactionContext<JdbcTransaction> ctx, String peer, String path,
            Map<String, Object> body) throws InterruptedException {
        CommandClient client = peers.get(peer);
        if (client == null) {
            throw new IllegalStateException("no address for " + peer + "; the checkout knows " + peers.keySet());
        }
        return client.send(path, ctx.commandId("send"), body);
    }

    // ------------------------------------------------------------------------------------ feeds in

    private Reactor.Builder<JdbcTransaction> inbox(String name, EventFeed feed, Set<String> types) {
        return Reactor.builder(name, store)
                .source(feed)
                .filter(EventFilter.matching(Query.of(QueryItem.types(types.toArray(String[]::new)))))
                .retry(FOR_EVER)
                .checkpointInterval(CHECKPOINT_INTERVAL);
    }

    private Reactor.Builder<JdbcTransaction> fromInventory(EventFeed feed) {
        return inbox(FROM_INVENTORY, feed, InventoryFeed.READS).reaction((entry, ctx) -> {
            Object event = InventoryFeed.TYPES.decode(entry).orElseThrow().event();
            if (event instanceof InventoryFeed.StockReserved e) {
                record(ctx, e.orderId(), new RecordReservation(true, null));
            } else if (event instanceof InventoryFeed.ReservationRefused e) {
                record(ctx, e.orderId(), new RecordReservation(false, e.describe()));
            } else if (event instanceof InventoryFeed.ReservationReleased e) {
                record(ctx, e.orderId(), new RecordStockReleased());
            } else if (event instanceof InventoryFeed.ReservationCommitted e) {
                record(ctx, e.orderId(), new RecordStockCommitted());
            } else if (event instanceof InventoryFeed.StockReturned e) {
                record(ctx, e.orderId(), new RecordStockReturned());
            }
        });
    }

    private Reactor.Builder<JdbcTransaction> fromPayments(EventFeed feed) {
        return inbox(FROM_PAYMENTS, feed, PaymentsFeed.READS).reaction((entry, ctx) -> {
            Object event = PaymentsFeed.TYPES.decode(entry).orElseThrow().event();
            if (event instanceof PaymentsFeed.PaymentAuthorised e) {
                record(ctx, e.orderId(), new RecordAuthorisation(true, e.paymentId(), e.amount(), null));
                answered(ctx, e.orderId());
            } else if (event instanceof PaymentsFeed.PaymentDeclined e) {
                record(ctx, e.orderId(), new RecordAuthorisation(false, e.paymentId(), null, e.reason()));
                answered(ctx, e.orderId());
            } else if (event instanceof PaymentsFeed.PaymentCaptured e) {
                record(ctx, e.orderId(), new RecordCapture(e.amount()));
            } else if (event instanceof PaymentsFeed.PaymentRefunded e) {
                record(ctx, e.orderId(), new RecordRefund(e.amount()));
            } else if (event instanceof PaymentsFeed.PaymentVoided e) {
                record(ctx, e.orderId(), new RecordVoid());
            }
        });
    }

    private Reactor.Builder<JdbcTransaction> fromShipping(EventFeed feed) {
        return inbox(FROM_SHIPPING, feed, ShippingFeed.READS).reaction((entry, ctx) -> {
            Object event = ShippingFeed.TYPES.decode(entry).orElseThrow().event();
            if (event instanceof ShippingFeed.ShipmentScheduled e) {
                record(ctx, e.orderId(), new RecordShipmentScheduled());
            } else if (event instanceof ShippingFeed.ShipmentDispatched e) {
                record(ctx, e.orderId(), new RecordDispatch(true, e.trackingNumber()));
            } else if (event instanceof ShippingFeed.DispatchFailed e) {
                record(ctx, e.orderId(), new RecordDispatch(false, e.reason()));
            } else if (event instanceof ShippingFeed.ShipmentCancelled e) {
                record(ctx, e.orderId(), new RecordShipmentCancelled());
            }
        });
    }

    private Reactor.Builder<JdbcTransaction> fromCatalog(EventFeed feed) {
        return inbox(FROM_CATALOG, feed, CatalogFeed.READS).reaction((entry, ctx) -> {
            Object event = CatalogFeed.TYPES.decode(entry).orElseThrow().event();
            if (event instanceof CatalogFeed.ProductListed e) {
                prices.put(ctx.transaction().connection(), e.sku(), e.name(), e.price());
            } else if (event instanceof CatalogFeed.PriceChanged e) {
                prices.put(ctx.transaction().connection(), e.sku(), null, e.price());
            }
        });
    }

    /**
     * Payments answered: the payment deadline of {@value #TO_PAYMENTS} has nothing more to wait for.
     * Cancelled here, with the answer, rather than by {@value #TO_PAYMENTS} once it reads the answer:
     * that reactor carries out every order's payment requests one after the other, and a commit less
     * of its own per order is a wait less for all of them.
     */
    private void answered(ReactionContext<JdbcTransaction> ctx, String orderId) {
        store.deadlineStore().within(ctx.transaction()).cancel(TO_PAYMENTS, PAYMENT_DEADLINE + orderId);
    }

    private void record(ReactionContext<JdbcTransaction> ctx, String orderId, OrderCommand command) {
        try {
            ctx.handle(handler, Orders.stream(orderId), command, "record");
        } catch (ResourceNotFoundException e) {
            // Another shop's order on a shared service, or one this database lost: nothing to record it on.
            LOG.warn("Ignoring {} for order {}, which this service does not know", command, orderId);
        }
    }

    // ------------------------------------------------------------------------------------ publishing

    private Reactor<JdbcTransaction> publisher() {
        return Publisher.builder(PUBLISHER, store, types, OrderEvent.class)
                .filter(EventFilter.category("order"))
                .publish(OrdersContract::toPublic, event -> OrdersContract.stream(event.orderId()))
                .encoder((published, metadata) -> OrdersContract.encode(publicTypes, published, metadata,
                        settings.orderPlacedVersion()))
                .retry(FOR_EVER)
                .checkpointInterval(CHECKPOINT_INTERVAL)
                .start();
    }

    private OrderEvent decode(RecordedEvent event) {
        return types.decode(event, OrderEvent.class).orElseThrow().event();
    }
}
