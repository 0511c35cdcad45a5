package dev.eventstore.contract;

import dev.eventstore.EventStore;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.aggregate.CommandRejectedException;
import dev.eventstore.aggregate.Decider;
import dev.eventstore.typed.EventTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * The aggregate the contracts of commands and reactors run: a tally that adds numbers. One command,
 * {@link Add}, decides {@code times} events of {@code amount} each, so a command can append none, one
 * or several events; a negative amount is rejected.
 */
public final class Tally {

    private Tally() {
    }

    /**
     * Adds {@code amount}, {@code times} times: that many {@link Added} events.
     *
     * @param amount what each event adds; negative is rejected
     * @param times how many events; 0 decides nothing
     */
    public record Add(int amount, int times) {
        /** @param amount what one event adds */
        public Add(int amount) {
            this(amount, 1);
        }
    }

    /** @param amount what was added */
    public record Added(int amount) {
    }

    /**
     * @param sum the sum of the amounts added
     * @param events how many events were folded
     */
    public record Total(long sum, long events) {
    }

    /** The event types: {@link Added} as {@code Added}, schema version 1. */
    public static final EventTypes TYPES = EventTypes.builder().register(Added.class, "Added", 1).build();

    /** The decider: pure functions. */
    public static final Decider<Add, Total, Added> DECIDER = new Decider<>() {
        @Override
        public Total initialState() {
            return new Total(0, 0);
        }

        @Override
        public Total evolve(Total state, Added event) {
            return new Total(state.sum() + event.amount(), state.events() + 1);
        }

        @Override
        public List<Added> decide(Add command, Total state) {
            if (command.amount() < 0) {
                throw new CommandRejectedException("a tally only grows; cannot add " + command.amount());
            }
            List<Added> events = new ArrayList<>(command.times());
            for (int i = 0; i < command.times(); i++) {
                events.add(new Added(command.amount()));
            }
            return events;
        }
    };

    /**
     * @param store the store
     * @return a builder of a handler of tallies in {@code store}, without snapshots
     */
    public static CommandHandler.Builder<Add, Total, Added> handler(EventStore store) {
        return CommandHandler.builder(store, TYPES, DECIDER, Added.class);
    }
}
