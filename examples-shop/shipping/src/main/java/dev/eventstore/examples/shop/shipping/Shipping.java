package dev.eventstore.examples.shop.shipping;

import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.http.Fields;
import dev.eventstore.http.InvalidFieldException;
import dev.eventstore.EventFilter;
import dev.eventstore.EventStore;
import dev.eventstore.EventTransaction;
import dev.eventstore.RecordedEvent;
import dev.eventstore.RetryPolicy;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.aggregate.AggregateState;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.aggregate.CommandIdConflictException;
import dev.eventstore.aggregate.CommandResult;
import dev.eventstore.examples.shop.shipping.ShipmentCommand.Cancel;
import dev.eventstore.examples.shop.shipping.ShipmentCommand.RecordDispatch;
import dev.eventstore.examples.shop.shipping.ShipmentCommand.RequestShipment;
import dev.eventstore.examples.shop.shipping.ShipmentEvent.Parcel;
import dev.eventstore.examples.shop.shipping.ShipmentEvent.ShipmentRequested;
import dev.eventstore.reactor.Reactor;
import dev.eventstore.typed.EventMetadata;
import dev.eventstore.typed.EventTypes;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The shipping service's use cases over its own store: request a shipment (the carrier picks it up
 * after the dispatch delay), cancel it before it leaves, and read shipments. The dispatch itself is a
 * durable deadline of the {@link #dispatcher dispatcher}: it survives a restart and happens once.
 */
public final class Shipping {

    /** The registry of the service's internal events. */
    public static final EventTypes TYPES = EventTypes.builder().registerSealed(ShipmentEvent.class).build();

    /**
     * How the shipping service's reactors retry: for ever, as what fails them (the store, the carrier)
     * comes back.
     */
    public static final RetryPolicy RETRY = RetryPolicy.forever(Duration.ofMillis(100), Duration.ofSeconds(2));

    /** The most characters of an order's id. */
    static final int ORDER_ID_LENGTH = 60;

    private static final String DISPATCH = "dispatch:";

    private final EventStore store;
    private final CommandHandler<ShipmentCommand, Shipment, ShipmentEvent> shipments;
    private final Duration dispatchDelay;
    private final Clock clock;

    /**
     * @param store the service's own store
     * @param dispatchDelay how long after it is requested a shipment leaves: the window in which it
     *     can still be cancelled
     * @param clock what "now" is
     * @throws IllegalArgumentException if the delay is null or negative
     */
    public Shipping(EventStore store, Duration dispatchDelay, Clock clock) {
        if (dispatchDelay == null || dispatchDelay.isNegative()) {
            throw new IllegalArgumentException("dispatchDelay must not be negative, was: " + dispatchDelay);
        }
        this.store = store;
        this.dispatchDelay = dispatchDelay;
        this.clock = clock;
        this.shipments = CommandHandler.builder(store, TYPES, new ShipmentDecider(), ShipmentEvent.class)
                .maxRetries(10).build();
    }

    /** @return the stream of an order's shipment */
    public static String stream(String orderId) {
        return "shipment-" + orderId;
    }

    /**
     * Asks for an order's items to be shipped; one shipment per order.
     *
     * @param commandId the idempotency key
     * @param orderId the order
     * @param address where to, 1 to 200 characters
     * @param items what, at least one line
     * @return the shipment, and whether the command id was handled before
     * @throws InvalidFieldException naming a bad argument
     */
    public Result request(String commandId, String orderId, String address, List<Parcel> items) {
        EventMetadata metadata = EventMetadata.forCommand(commandId);
        Fields.id("orderId", orderId, ORDER_ID_LENGTH);
        Fields.text("address", address, 200);
        if (items == null || items.isEmpty()) {
            throw new InvalidFieldException("items", "items must hold at least one line, was: " + items);
        }
        for (int i = 0; i < items.size(); i++) {
            Parcel line = items.get(i);
            if (line == null || line.sku() == null || line.sku().isBlank()) {
                throw new InvalidFieldException("items/" + i + "/sku", "items/" + i + "/sku must not be blank, was: "
                        + (line == null ? "null" : line.sku()));
            }
            if (line.quantity() < 1) {
                throw new InvalidFieldException("items/" + i + "/quantity", "items/" + i + "/quantity must be at least 1, was: "
                        + line.quantity());
            }
        }
        // The command is stamped with the time below, so a copy sent again would not be the same command:
        // it is recognised by its id first, and answered with what it recorded.
        Optional<RecordedEvent> earlier = store.readEvent(CommandHandler.eventId(commandId, 0));
        if (earlier.isPresent()) {
            if (!earlier.get().streamId().equals(stream(orderId))) {
                throw new CommandIdConflictException(commandId, earlier.get().streamId(),
                        "it requested another shipment, not the one of order " + orderId);
            }
            return new Result(shipment(orderId), true);
        }
        return handle(metadata, orderId,
                new RequestShipment(orderId, address.trim(), List.copyOf(items), clock.instant().plus(dispatchDelay)));
    }

    /**
     * Calls a shipment off before it leaves; nothing if it was cancelled or refused by the carrier.
     *
     * @param commandId the idempotency key
     * @param orderId the order
     * @return the shipment, and whether the command id was handled before
     * @throws ResourceNotFoundException if there is no shipment for the order
     * @throws dev.eventstore.aggregate.CommandRejectedException if it has left already
     */
    public Result cancel(String commandId, String orderId) {
        Fields.id("orderId", orderId, ORDER_ID_LENGTH);
        return handle(EventMetadata.forCommand(commandId), orderId, new Cancel());
    }

    private Result handle(EventMetadata metadata, String orderId, ShipmentCommand command) {
        try {
            CommandResult<Shipment, ShipmentEvent> result = shipments.handle(stream(orderId), command, metadata);
            return new Result(result.state(), result.alreadyHandled());
        } catch (ResourceNotFoundException e) {
            throw new ResourceNotFoundException("no shipment for order " + orderId);
        }
    }

    /**
     * The dispatcher: for every shipment requested it schedules a durable deadline at the shipment's
     * dispatch time; when it fires, the carrier comes and the outcome is recorded, in the deadline's
     * transaction, so it happens once across crashes.
     *
     * @param store the service's store (the one this was built on)
     * @param carrier the carrier
     * @param <T> the store's transaction type
     * @return the running reactor; close it before the store
     */
    public <T extends EventTransaction> Reactor<T> dispatcher(TransactionalEventStore<T> store, Carrier carrier) {
        return Reactor.builder("shipping-dispatcher", store)
                .filter(EventFilter.category("shipment"))
                .retry(RETRY)
                .deadlinePollInterval(Duration.ofMillis(200))
                // Most shipment events schedule nothing: save their checkpoint once a second.
                .checkpointInterval(Duration.ofSeconds(1))
                .reaction((event, ctx) -> {
                    if (TYPES.decode(event, ShipmentEvent.class).orElseThrow().event()
                            instanceof ShipmentRequested requested) {
                        ctx.schedule(DISPATCH + requested.orderId(), requested.dispatchAt(), "{}");
                    }
                })
                .onDeadline((deadline, ctx) -> {
                    String orderId = deadline.key().substring(DISPATCH.length());
                    Shipment shipment = shipments.within(ctx.transaction()).load(stream(orderId)).state();
                    ctx.handle(shipments, stream(orderId),
                            new RecordDispatch(carrier.dispatch(orderId, shipment.address())), "dispatch");
                })
                .start();
    }

    /**
     * @param orderId the order
     * @return its shipment
     * @throws ResourceNotFoundException if there is none
     */
    public Shipment shipment(String orderId) {
        Fields.id("orderId", orderId, ORDER_ID_LENGTH);
        Shipment shipment = shipments.load(stream(orderId)).state();
        if (shipment.status() == Shipment.Status.NONE) {
            throw new ResourceNotFoundException("no shipment for order " + orderId);
        }
        return shipment;
    }

    /** @return every shipment, oldest first */
    public List<Shipment> shipments() {
        return shipments.loadCategory("shipment").stream().map(AggregateState::state).toList();
    }

    /** @return the SKUs of every shipment that left, with their units */
    public Map<String, Long> unitsDispatched() {
        Map<String, Long> units = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (Shipment shipment : shipments()) {
            if (shipment.status() == Shipment.Status.DISPATCHED && seen.add(shipment.orderId())) {
                for (Parcel line : shipment.items()) {
                    units.merge(line.sku(), (long) line.quantity(), Long::sum);
                }
            }
        }
        return units;
    }

    /**
     * What a shipment command left behind.
     *
     * @param shipment the shipment after the command
     * @param alreadyHandled true if the command id had been handled before and nothing was booked now
     */
    public record Result(Shipment shipment, boolean alreadyHandled) {
    }
}
