package dev.eventstore.http;

import dev.eventstore.EventStore;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.aggregate.CommandRejectedException;
import dev.eventstore.aggregate.CommandResult;
import dev.eventstore.aggregate.Decider;
import dev.eventstore.typed.EventMetadata;
import dev.eventstore.typed.EventTypes;
import java.util.List;
import java.util.Map;

/**
 * A small stock-keeping service for the command tests: {@code POST /stock/{sku}/receive} and
 * {@code POST /stock/{sku}/remove}, each with a quantity.
 */
final class Stock {

    private Stock() {
    }

    sealed interface StockEvent permits Received, Removed {
    }

    record Received(int quantity) implements StockEvent {
    }

    record Removed(int quantity) implements StockEvent {
    }

    sealed interface StockCommand permits Receive, Remove {
    }

    record Receive(int quantity) implements StockCommand {
        Receive {
            positive(quantity);
        }
    }

    record Remove(int quantity) implements StockCommand {
        Remove {
            positive(quantity);
        }
    }

    record Level(int onHand) {
    }

    private static void positive(int quantity) {
        if (quantity < 1) {
            throw new InvalidFieldException("quantity", "quantity must be at least 1, was: " + quantity);
        }
    }

    static final Decider<StockCommand, Level, StockEvent> DECIDER = new Decider<>() {
        @Override
        public Level initialState() {
            return new Level(0);
        }

        @Override
        public Level evolve(Level state, StockEvent event) {
            if (event instanceof Received received) {
                return new Level(state.onHand() + received.quantity());
            }
            return new Level(state.onHand() - ((Removed) event).quantity());
        }

        @Override
        public List<StockEvent> decide(StockCommand command, Level state) {
            if (command instanceof Receive receive) {
                return List.of(new Received(receive.quantity()));
            }
            Remove remove = (Remove) command;
            if (remove.quantity() > state.onHand()) {
                throw new CommandRejectedException("only " + state.onHand() + " on hand; cannot remove "
                        + remove.quantity());
            }
            return List.of(new Removed(remove.quantity()));
        }
    };

    static CommandHandler<StockCommand, Level, StockEvent> handler(EventStore store) {
        EventTypes types = EventTypes.builder().registerSealed(StockEvent.class).build();
        return CommandHandler.builder(store, types, DECIDER, StockEvent.class).build();
    }

    /** The endpoint, to be served at {@code /stock}. */
    static CommandEndpoint endpoint(EventStore store) {
        CommandHandler<StockCommand, Level, StockEvent> handler = handler(store);
        return CommandEndpoint.of(request -> {
            List<String> path = request.path();
            if (path.size() != 2) {
                throw new ResourceNotFoundException("there is no resource /stock/" + String.join("/", path));
            }
            String stream = "stock-" + path.get(0);
            StockCommand command = switch (path.get(1)) {
                case "receive" -> request.bodyAs(Receive.class);
                case "remove" -> {
                    if (store.streamVersion(stream) == 0) {
                        throw new ResourceNotFoundException("there is no stock of sku " + path.get(0));
                    }
                    yield request.bodyAs(Remove.class);
                }
                default -> throw new ResourceNotFoundException("stock has no action " + path.get(1));
            };
            CommandResult<Level, StockEvent> result = handler.handle(stream, command,
                    EventMetadata.forCommand(request.commandId()));
            return CommandReply.ok(Map.of("onHand", result.state().onHand(), "version", result.version(),
                    "alreadyHandled", result.alreadyHandled()));
        });
    }
}
