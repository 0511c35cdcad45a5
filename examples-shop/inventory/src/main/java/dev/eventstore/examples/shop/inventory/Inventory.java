package dev.eventstore.examples.shop.inventory;

import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.http.Fields;
import dev.eventstore.http.InvalidFieldException;
import dev.eventstore.AppendCondition;
import dev.eventstore.AppendConditionFailedException;
import dev.eventstore.ConcurrencyConflictException;
import dev.eventstore.DuplicateEventIdException;
import dev.eventstore.EventData;
import dev.eventstore.EventStore;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import dev.eventstore.RecordedEvent;
import dev.eventstore.WrongExpectedVersionException;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.aggregate.CommandIdConflictException;
import dev.eventstore.aggregate.CommandResult;
import dev.eventstore.aggregate.Decider;
import dev.eventstore.examples.shop.inventory.StockEvent.Item;
import dev.eventstore.examples.shop.inventory.StockEvent.StockReceived;
import dev.eventstore.typed.EventMetadata;
import dev.eventstore.typed.EventTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inventory's use cases, over its own event store: receive stock, reserve an order's items (all
 * or none), release, commit and return reservations, and read stock levels. Every command carries a
 * command id: sent again, it books nothing twice and answers as the first time. Safe for concurrent
 * use, in one process or several on one database.
 */
public final class Inventory {

    private static final Logger LOG = LoggerFactory.getLogger(Inventory.class);

    /** The most characters of an order's id. */
    static final int ORDER_ID_LENGTH = 60;

    /** How many times a reservation is decided again after a concurrent change of its SKUs' stock. */
    static final int MAX_RESERVE_ATTEMPTS = 100;

    /** The registry of the inventory's internal events, with their {@code sku:} and {@code order:} tags. */
    public static final EventTypes TYPES = EventTypes.builder()
            .registerSealed(StockEvent.class, Inventory::tags)
            .build();

    /** The categories of the streams of stock events: receipts and reservations. */
    private static final Set<String> STOCK_CATEGORIES = Set.of("receipt", "reservation");

    private final EventStore store;
    /**
     * Each SKU's stock as folded up to a log position, so that a reservation reads only the events
     * after it rather than the SKU's whole history. Sound in any number of processes: the events up to
     * a position never change, and those of other processes come after it.
     */
    private final Map<String, Folded> folded = new ConcurrentHashMap<>();
    private final CommandHandler<ReservationCommand, Reservation, StockEvent> reservations;
    private final CommandHandler<Receive, Boolean, StockEvent> receipts;

    /** @param store the inventory's own store */
    public Inventory(EventStore store) {
        this.store = store;
        this.reservations = CommandHandler.builder(store, TYPES, new ReservationDecider(), StockEvent.class)
                .maxRetries(10).build();
        this.receipts = CommandHandler.builder(store, TYPES, new ReceiptDecider(), StockEvent.class).build();
    }

    /** @return the stream of an order's reservation */
    public static String reservationStream(String orderId) {
        return "reservation-" + orderId;
    }

    private static Set<String> tags(StockEvent event) {
        Set<String> tags = new LinkedHashSet<>();
        for (String sku : event.skus()) {
            tags.add("sku:" + sku);
        }
        String orderId = orderIdOf(event);
        if (orderId != null) {
            tags.add("order:" + orderId);
        }
        return tags;
    }

    static String orderIdOf(StockEvent event) {
        return event instanceof StockEvent.ReservationEvent e ? e.orderId() : null;
    }

    // ------------------------------------------------------------------------------------ commands

    /**
     * Puts units of a SKU on the shelf.
     *
     * @param commandId the idempotency key
     * @param sku the product
     * @param quantity how many, from 1
     * @return true if booked now, false if this command id was booked before
     * @throws InvalidFieldException if an argument is bad
     * @throws CommandIdConflictException if the command id was used for another receipt
     */
    public boolean receive(String commandId, String sku, int quantity) {
        EventMetadata metadata = EventMetadata.forCommand(commandId);
        Item.check(sku, quantity, "");
        String stream = "receipt-" + UUID.nameUUIDFromBytes(commandId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return !receipts.handle(stream, new Receive(sku, quantity), metadata).alreadyHandled();
    }

    /**
     * Reserves every item of an order, or none: the dynamic consistency boundary of the inventory.
     *
     * <p>It reads the events tagged with each SKU asked for, folds them into stock levels (starting from
     * the levels this instance folded before, up to the position it read then), decides
     * ({@link StockLevel#decideReservation}), and appends the decision to the order's reservation
     * stream under the condition that no event tagged with any of those SKUs was recorded after what
     * it read. A concurrent reservation, release or receipt of one of the SKUs fails the condition,
     * and the reservation is read and decided again. So two orders can never both take the last unit,
     * while orders for different SKUs never wait for each other. There is no stream per SKU.
     *
     * @param commandId the idempotency key: sent again, the first decision is returned
     * @param orderId the order; one reservation per order
     * @param items what the order needs, one item per SKU
     * @return the reservation after the command: {@link Reservation.Status#RESERVED} or
     *     {@link Reservation.Status#REFUSED} (or later, if the order's reservation was made before)
     * @throws InvalidFieldException if an argument is bad
     * @throws CommandIdConflictException if the command id was used for something else
     */
    public Result reserve(String commandId, String orderId, List<Item> items) {
        EventMetadata metadata = EventMetadata.forCommand(commandId);
        Fields.id("orderId", orderId, ORDER_ID_LENGTH);
        List<Item> wanted = Item.checkAll(items);
        UUID eventId = CommandHandler.eventId(commandId, 0);
        String stream = reservationStream(orderId);
        Query query = stockOf(Item.skus(wanted));
        for (int attempt = 1;; attempt++) {
            Optional<RecordedEvent> earlier = store.readEvent(eventId);
            if (earlier.isPresent()) {
                if (!earlier.get().streamId().equals(stream)) {
                    throw new CommandIdConflictException(commandId, earlier.get().streamId(),
                            "it reserved for another order, not for order " + orderId);
                }
                return new Result(reservation(orderId), true);
            }
            if (store.streamVersion(stream) > 0) {
                // Decided before under another command id: one reservation per order.
                return new Result(reservation(orderId), true);
            }
            long head = store.headPosition();
            Map<String, Folded> before = new LinkedHashMap<>();
            Map<String, StockLevel> levels = new LinkedHashMap<>();
            long after = Long.MAX_VALUE;
            for (Item item : wanted) {
                Folded known = folded.getOrDefault(item.sku(), new Folded(StockLevel.none(item.sku()), 0));
                before.put(item.sku(), known);
                levels.put(item.sku(), known.level());
                after = Math.min(after, known.position());
            }
            long readUpTo = head;
            try (Stream<RecordedEvent> events = store.read(query, after, Long.MAX_VALUE)) {
                for (RecordedEvent event : (Iterable<RecordedEvent>) events::iterator) {
                    StockEvent stockEvent = TYPES.decode(event, StockEvent.class).orElseThrow().event();
                    for (String sku : stockEvent.skus()) {
                        Folded known = before.get(sku);
                        if (known != null && event.position() > known.position()) {
                            levels.put(sku, levels.get(sku).apply(stockEvent));
                        }
                    }
                    readUpTo = Math.max(readUpTo, event.position());
                }
            }
            // Every event of these SKUs up to readUpTo is folded in: those up to the head were visible
            // when the read began, and the read returned the later ones up to readUpTo.
            for (StockLevel level : levels.values()) {
                remember(level, readUpTo);
            }
            StockEvent decision = StockLevel.decideReservation(orderId, wanted, levels);
            EventData data = TYPES.encode(decision, metadata).withId(eventId);
            try {
                store.append(stream, ExpectedVersion.noStream(), List.of(data), new AppendCondition(query, readUpTo));
                if (attempt > 1) {
                    LOG.debug("Reservation of order {} decided on attempt {}", orderId, attempt);
                }
                return new Result(reservation(orderId), false);
            } catch (AppendConditionFailedException | ConcurrencyConflictException conflict) {
                if (attempt >= MAX_RESERVE_ATTEMPTS) {
                    throw conflict;
                }
                Thread.onSpinWait();
            } catch (WrongExpectedVersionException | DuplicateEventIdException raced) {
                // A copy of this command, or another reservation of the order, got there first: the
                // look-ups at the top of the loop find it.
                if (attempt >= MAX_RESERVE_ATTEMPTS) {
                    throw raced;
                }
            }
        }
    }

    private void remember(StockLevel level, long position) {
        folded.merge(level.sku(), new Folded(level, position),
                (known, now) -> now.position() > known.position() ? now : known);
    }

    /** A SKU's stock, folded from its events up to a log position. */
    private record Folded(StockLevel level, long position) {
    }

    /**
     * Gives an order's reserved units back to the shelf; nothing if released already or refused.
     *
     * @param commandId the idempotency key
     * @param orderId the order
     * @return the reservation after the command, and whether the command id was handled before
     * @throws ResourceNotFoundException if no reservation was made for the order
     * @throws dev.eventstore.aggregate.CommandRejectedException if it was committed (return it instead)
     */
    public Result release(String commandId, String orderId) {
        return handle(commandId, orderId, new ReservationCommand.Release());
    }

    /**
     * Sells an order's reserved units; nothing if committed already.
     *
     * @param commandId the idempotency key
     * @param orderId the order
     * @return the reservation after the command, and whether the command id was handled before
     * @throws ResourceNotFoundException if no reservation was made for the order
     * @throws dev.eventstore.aggregate.CommandRejectedException if it was released or refused
     */
    public Result commit(String commandId, String orderId) {
        return handle(commandId, orderId, new ReservationCommand.Commit());
    }

    /**
     * Puts an order's sold units back on the shelf; nothing if returned already.
     *
     * @param commandId the idempotency key
     * @param orderId the order
     * @return the reservation after the command, and whether the command id was handled before
     * @throws ResourceNotFoundException if no reservation was made for the order
     * @throws dev.eventstore.aggregate.CommandRejectedException if it was not committed
     */
    public Result returnStock(String commandId, String orderId) {
        return handle(commandId, orderId, new ReservationCommand.Return());
    }

    private Result handle(String commandId, String orderId, ReservationCommand command) {
        Fields.id("orderId", orderId, ORDER_ID_LENGTH);
        try {
            CommandResult<Reservation, StockEvent> result = reservations.handle(reservationStream(orderId), command,
                    EventMetadata.forCommand(commandId));
            return new Result(result.state(), result.alreadyHandled());
        } catch (ResourceNotFoundException e) {
            throw new ResourceNotFoundException("no reservation was made for order " + orderId);
        }
    }

    // ------------------------------------------------------------------------------------ queries

    /**
     * @param orderId the order
     * @return its reservation
     * @throws ResourceNotFoundException if none was asked for
     */
    public Reservation reservation(String orderId) {
        Fields.id("orderId", orderId, ORDER_ID_LENGTH);
        Reservation state = reservations.load(reservationStream(orderId)).state();
        if (state.status() == Reservation.Status.NONE) {
            throw new ResourceNotFoundException("no reservation was made for order " + orderId);
        }
        return state;
    }

    /** @return the stock of every SKU ever received or reserved, by SKU */
    public Map<String, StockLevel> stock() {
        List<StockEvent> events = new ArrayList<>();
        try (Stream<RecordedEvent> recorded = store.read(Query.of(QueryItem.types(
                TYPES.typeNames(StockEvent.class).toArray(String[]::new))), 0, Long.MAX_VALUE)) {
            // The public contract's events share some type names with these, in streams of their own.
            recorded.filter(e -> STOCK_CATEGORIES.contains(e.category()))
                    .forEach(e -> events.add(TYPES.decode(e, StockEvent.class).orElseThrow().event()));
        }
        return new LinkedHashMap<>(StockLevel.fold(events));
    }

    /**
     * @param sku a SKU
     * @return its stock; all zero if it was never received
     * @throws InvalidFieldException if the SKU is malformed
     */
    public StockLevel stock(String sku) {
        Fields.id("sku", sku, StockEvent.SKU_LENGTH);
        List<StockEvent> events = new ArrayList<>();
        try (Stream<RecordedEvent> recorded = store.read(stockOf(List.of(sku)), 0, Long.MAX_VALUE)) {
            recorded.forEach(e -> events.add(TYPES.decode(e, StockEvent.class).orElseThrow().event()));
        }
        return StockLevel.fold(events).getOrDefault(sku, StockLevel.none(sku));
    }

    /** The events that change the stock of any of these SKUs: one query item per SKU tag. */
    private static Query stockOf(List<String> skus) {
        List<QueryItem> items = new ArrayList<>(skus.size());
        for (String sku : skus) {
            items.add(QueryItem.tags("sku:" + sku));
        }
        return new Query(items);
    }

    /**
     * What a reservation command left behind.
     *
     * @param reservation the order's reservation after the command
     * @param alreadyHandled true if the command had been handled before and nothing was booked now
     */
    public record Result(Reservation reservation, boolean alreadyHandled) {
    }

    /** Receiving goods: the only command of a receipt stream. */
    record Receive(String sku, int quantity) {
    }

    /** A receipt books its goods once. */
    private static final class ReceiptDecider implements Decider<Receive, Boolean, StockEvent> {
        @Override
        public Boolean initialState() {
            return false;
        }

        @Override
        public Boolean evolve(Boolean state, StockEvent event) {
            return true;
        }

        @Override
        public List<StockEvent> decide(Receive command, Boolean received) {
            return received ? List.of() : List.of(new StockReceived(command.sku(), command.quantity()));
        }
    }
}
