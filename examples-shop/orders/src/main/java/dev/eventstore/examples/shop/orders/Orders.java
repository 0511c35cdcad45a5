package dev.eventstore.examples.shop.orders;

import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.http.Fields;
import dev.eventstore.http.InvalidFieldException;
import dev.eventstore.EventStore;
import dev.eventstore.RecordedEvent;
import dev.eventstore.aggregate.AggregateState;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.aggregate.CommandIdConflictException;
import dev.eventstore.aggregate.CommandResult;
import dev.eventstore.examples.shop.orders.OrderCommand.Cancel;
import dev.eventstore.examples.shop.orders.OrderCommand.PlaceOrder;
import dev.eventstore.examples.shop.orders.OrderEvent.Line;
import dev.eventstore.typed.EventMetadata;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.memory.InMemorySubjectKeyStore;
import dev.eventstore.typed.EventTypes;
import dev.eventstore.typed.SubjectKeyStore;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The orders service's use cases over its own store: place an order (priced from the service's own
 * copy of the catalog), cancel it, read orders. The checkout that follows a placed order is
 * {@link Checkout}'s.
 *
 * <p>Orders are checked here against every rule the other services will apply (quantities, card
 * number, address, amount), so that the checkout never sends them a command they must refuse as bad
 * input: a command refused as malformed would be retried for ever.
 */
public final class Orders {

    /**
     * The registry of the service's internal events, encrypting the customers' personal data with
     * their keys.
     *
     * @param keys the customers' keys
     * @return the registry
     */
    public static EventTypes types(SubjectKeyStore keys) {
        return EventTypes.builder().registerSealed(OrderEvent.class).subjectKeys(keys)
                .upcast("AuthorisationRequested", 1, data -> data.putNull("customerId"))
                .upcast("ShipmentRequested", 1, data -> data.putNull("customerId"))
                .build();
    }

    /** The most units of one product an order may hold (the inventory's limit). */
    public static final int MAX_QUANTITY = 100_000;
    /** The most an order may cost (the payments service's limit). */
    public static final BigDecimal MAX_TOTAL = new BigDecimal("1000000.00");
    /** The most characters of an order's or a customer's id. */
    public static final int ID_LENGTH = 60;

    private final EventStore store;
    private final SubjectKeyStore keys;
    private final EventTypes types;
    private final PriceList prices;
    private final Clock clock;
    private final CommandHandler<OrderCommand, Order, OrderEvent> orders;

    /**
     * @param store the service's own store
     * @param prices its copy of the catalog
     * @param clock what "now" is
     */
    public Orders(EventStore store, PriceList prices, Clock clock) {
        this(store, store instanceof JdbcEventStore jdbc ? jdbc.subjectKeyStore() : new InMemorySubjectKeyStore(),
                prices, clock);
    }

    /**
     * @param store the service's own store
     * @param keys the customers' keys, beside the store
     * @param prices its copy of the catalog
     * @param clock what "now" is
     */
    public Orders(EventStore store, SubjectKeyStore keys, PriceList prices, Clock clock) {
        this.store = store;
        this.keys = keys;
        this.types = types(keys);
        this.prices = prices;
        this.clock = clock;
        this.orders = CommandHandler.builder(store, types, new OrderDecider(), OrderEvent.class).maxRetries(20)
                .build();
    }

    /** @return the registry of the internal events, with the customers' keys */
    public EventTypes types() {
        return types;
    }

    /** @return the customers' keys */
    public SubjectKeyStore keys() {
        return keys;
    }

    /**
     * Forgets a customer: deletes the customer's key, so that the name, card number and address of
     * every order of theirs, here and in the published events, read as redacted from now on (the
     * order history shows "forgotten customer" once rebuilt). Orders still in checkout cannot be
     * carried out for a forgotten customer: forget customers whose orders are final.
     *
     * @param customerId the customer
     * @return true if the customer had a key
     * @throws IllegalArgumentException if the id is null, empty or too long
     */
    public boolean forgetCustomer(String customerId) {
        return keys.forget(customerId);
    }

    /** @return the handler of the order streams, for the checkout's reactors */
    CommandHandler<OrderCommand, Order, OrderEvent> handler() {
        return orders;
    }

    /** @return the stream of an order */
    public static String stream(String orderId) {
        return "order-" + orderId;
    }

    /**
     * Places an order: priced now, from the catalog's prices as this service last heard them.
     *
     * @param commandId the idempotency key; sent again, the order placed the first time is returned
     * @param orderId the order's id; null to derive one from the command id
     * @param customerId the customer's id
     * @param customerName the customer's name
     * @param items what, one line per product
     * @param cardNumber the card, 12 to 19 digits (spaces and dashes ignored)
     * @param address where to ship, 1 to 200 characters
     * @return the order, and whether the command id was handled before
     * @throws InvalidFieldException naming a bad field
     * @throws ResourceNotFoundException naming a product the catalog has not published
     * @throws dev.eventstore.aggregate.CommandRejectedException if the order id is taken by another order
     */
    public Result place(String commandId, String orderId, String customerId, String customerName, List<Item> items,
            String cardNumber, String address) {
        EventMetadata metadata = EventMetadata.forCommand(commandId);
        String id = orderId != null ? Fields.id("orderId", orderId, ID_LENGTH) : "o-" + UUID.nameUUIDFromBytes(
                commandId.getBytes(StandardCharsets.UTF_8)).toString().substring(0, 13);
        Optional<Result> before = handledBefore(commandId, id);
        if (before.isPresent()) {
            return before.get();
        }
        Fields.id("customer/id", customerId, ID_LENGTH);
        Fields.text("customer/name", customerName, 200);
        if (items == null || items.isEmpty()) {
            throw new InvalidFieldException("lines", "lines must hold at least one line, was: " + items);
        }
        List<Line> lines = new ArrayList<>();
        Set<String> skus = new HashSet<>();
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (item == null || item.sku() == null) {
                throw new InvalidFieldException("lines/" + i + "/sku", "lines/" + i + "/sku must not be null");
            }
            if (!skus.add(item.sku())) {
                throw new InvalidFieldException("lines/" + i + "/sku", "lines/" + i + "/sku names " + item.sku()
                        + " a second time; give each product once");
            }
            if (item.quantity() < 1 || item.quantity() > MAX_QUANTITY) {
                throw new InvalidFieldException("lines/" + i + "/quantity", "lines/" + i + "/quantity must be between 1 and " + MAX_QUANTITY
                        + ", was: " + item.quantity());
            }
            String field = "lines/" + i + "/sku";
            PriceList.Product product = prices.find(item.sku()).orElseThrow(() -> new ResourceNotFoundException(
                    field + ": no product " + item.sku() + " in the catalog"));
            Line line = new Line(product.sku(), product.name(), item.quantity(), product.price());
            lines.add(line);
            total = total.add(line.amount());
        }
        if (total.compareTo(MAX_TOTAL) > 0) {
            throw new InvalidFieldException("lines", "lines cost " + total.toPlainString() + " in all, above the limit of "
                    + MAX_TOTAL);
        }
        String card = cardNumber == null ? null : cardNumber.replaceAll("[ -]", "");
        if (card == null || !card.matches("[0-9]{12,19}")) {
            throw new InvalidFieldException("cardNumber", "cardNumber must be 12 to 19 digits, was: " + quote(cardNumber));
        }
        Fields.text("address", address, 200);
        return handle(metadata, id, new PlaceOrder(id, customerId, customerName.trim(), lines, card, address.trim(),
                clock.instant()));
    }

    /**
     * Asks to cancel an order: what was done is undone, unless it has left.
     *
     * @param commandId the idempotency key
     * @param orderId the order
     * @param reason the customer's words; may be null
     * @return the order, and whether the command id was handled before
     * @throws ResourceNotFoundException if there is no such order
     * @throws dev.eventstore.aggregate.CommandRejectedException if it has shipped
     */
    public Result cancel(String commandId, String orderId, String reason) {
        Fields.id("orderId", orderId, ID_LENGTH);
        if (reason != null && reason.length() > 200) {
            throw new InvalidFieldException("reason", "reason must be at most 200 characters, was " + reason.length());
        }
        return handle(EventMetadata.forCommand(commandId), orderId, new Cancel(reason));
    }

    /**
     * The answer to a command id handled before, looked up before anything is priced or stamped with
     * the time. A placed order is priced from the price list and stamped with the time it was placed,
     * so the same request sent again would not be the same command (the command handler's fingerprint
     * would differ, and refuse it as another command under a used id); it is recognised by its id first.
     */
    private Optional<Result> handledBefore(String commandId, String orderId) {
        Optional<RecordedEvent> earlier = store.readEvent(CommandHandler.eventId(commandId, 0));
        if (earlier.isEmpty()) {
            return Optional.empty();
        }
        if (!earlier.get().streamId().equals(stream(orderId))) {
            throw new CommandIdConflictException(commandId, earlier.get().streamId(),
                    "it placed another order, not order " + orderId);
        }
        return Optional.of(new Result(order(orderId), true));
    }

    private Result handle(EventMetadata metadata, String orderId, OrderCommand command) {
        try {
            CommandResult<Order, OrderEvent> result = orders.handle(stream(orderId), command, metadata);
            return new Result(result.state(), result.alreadyHandled());
        } catch (ResourceNotFoundException e) {
            throw new ResourceNotFoundException("no order " + orderId);
        }
    }

    /**
     * @param orderId the order
     * @return it
     * @throws ResourceNotFoundException if there is no such order
     */
    public Order order(String orderId) {
        Fields.id("orderId", orderId, ID_LENGTH);
        Order order = orders.load(stream(orderId)).state();
        if (order.status() == Order.Status.NONE) {
            throw new ResourceNotFoundException("no order " + orderId);
        }
        return order;
    }

    /** @return every order, oldest first */
    public List<Order> orders() {
        return orders.loadCategory("order").stream().map(AggregateState::state).toList();
    }

    private static String quote(String value) {
        return value == null ? "null" : "'" + value + "'";
    }

    /**
     * A line as the customer asks for it.
     *
     * @param sku the product
     * @param quantity how many
     */
    public record Item(String sku, int quantity) {
    }

    /**
     * What an order command left behind.
     *
     * @param order the order after the command
     * @param alreadyHandled true if the command id had been handled before and nothing was booked now
     */
    public record Result(Order order, boolean alreadyHandled) {
    }
}
