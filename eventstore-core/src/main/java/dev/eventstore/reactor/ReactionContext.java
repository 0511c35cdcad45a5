package dev.eventstore.reactor;

import dev.eventstore.EventTransaction;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.aggregate.CommandResult;
import dev.eventstore.typed.EventMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a {@link Reaction} or a {@link DeadlineHandler} can do, and the transaction it does it in.
 *
 * <h2>The transaction</h2>
 * A reaction's transaction opens at the first call that touches the store ({@link #transaction()},
 * {@link #handle}, {@link #schedule}, {@link #cancel}, {@link #deadline}) and commits with the
 * reactor's checkpoint when the reaction returns. A reaction that touches nothing of the store (it
 * only calls another service) holds no transaction at all. Do effects outside the store before the
 * first local one, or in a reactor of their own: a transaction stays open while the reaction runs,
 * and a store may hold back its readers of the log, or its other writers, while it is open (the JDBC
 * stores' documentation says which). A deadline handler's transaction is open from the start.
 *
 * <h2>Command ids</h2>
 * Each command gets an id derived from the reactor's name, what it reacts to (the event's id, or the
 * deadline's key and due time) and a key ({@code "1"}, {@code "2"}, ... in call order by default): the
 * same every time the reactor reacts to the same thing, so a reaction run again after a crash or a
 * rebuild books nothing twice (see {@link CommandHandler}).
 *
 * @param <T> the store's transaction type
 */
public interface ReactionContext<T extends EventTransaction> {

    /** @return the reactor's name */
    String reactorName();

    /**
     * The transaction, opened if it is not yet: reads and appends through it, and writes of stores
     * joined to it, commit with the reactor's checkpoint.
     *
     * @return the open transaction
     * @throws IllegalStateException if the reaction has returned
     */
    T transaction();

    /**
     * Handles a command in the transaction, with the next key in call order ({@code "1"}, {@code "2"},
     * ...). Its events carry {@link #metadata(String)}.
     *
     * @param handler the aggregate's command handler
     * @param streamId the aggregate's stream
     * @param command the command
     * @param <C> the commands
     * @param <S> the state
     * @param <E> the events
     * @return what the handler returned
     * @throws RuntimeException what the handler threw; a rejection
     *     ({@link dev.eventstore.aggregate.CommandRejectedException}) may be caught and the reaction go
     *     on, anything else should fail the reaction
     */
    <C, S, E> CommandResult<S, E> handle(CommandHandler<C, S, E> handler, String streamId, C command);

    /**
     * Handles a command in the transaction under an explicit key: for reactions whose commands do not
     * always come in the same order.
     *
     * @param handler the aggregate's command handler
     * @param streamId the aggregate's stream
     * @param command the command
     * @param key what tells this command from the reaction's others; 1 to 50 characters
     * @param <C> the commands
     * @param <S> the state
     * @param <E> the events
     * @return what the handler returned
     * @throws IllegalArgumentException if {@code key} is invalid
     */
    <C, S, E> CommandResult<S, E> handle(CommandHandler<C, S, E> handler, String streamId, C command, String key);

    /**
     * The id of an effect of this reaction: the same every time the reactor reacts to the same event or
     * deadline. Send it as the idempotency key of a command to another service.
     *
     * @param key what tells this effect from the reaction's others; 1 to 50 characters
     * @return the id, at most 200 characters
     * @throws IllegalArgumentException if {@code key} is invalid
     */
    String commandId(String key);

    /**
     * @param key as for {@link #commandId(String)}
     * @return metadata for events appended by this reaction: caused by the event reacted to (its id as
     *     causation, its correlation id), with {@code commandId(key)} as command id
     * @throws IllegalArgumentException if {@code key} is invalid
     */
    EventMetadata metadata(String key);

    /**
     * Schedules a deadline of this reactor, replacing the one with the same key; it commits with the
     * reaction.
     *
     * @param key what the deadline is about, for example {@code payment:order-7}
     * @param dueAt when it is due
     * @param data what the deadline handler will want to know, as one JSON value
     * @throws IllegalArgumentException if an argument is invalid
     * @throws IllegalStateException if the reactor has no deadline handler
     */
    void schedule(String key, Instant dueAt, String data);

    /**
     * Schedules a deadline {@code delay} after {@link #now()}.
     *
     * @param key what the deadline is about
     * @param delay how long from now
     * @param data what the deadline handler will want to know, as one JSON value
     * @throws IllegalArgumentException if an argument is invalid or {@code delay} negative
     * @throws IllegalStateException if the reactor has no deadline handler
     */
    void schedule(String key, Duration delay, String data);

    /**
     * Cancels a deadline of this reactor; it commits with the reaction.
     *
     * @param key the deadline's key
     * @return true if it was scheduled
     * @throws IllegalArgumentException if {@code key} is invalid
     */
    boolean cancel(String key);

    /**
     * @param key a deadline's key
     * @return the deadline of this reactor scheduled under it, if any
     * @throws IllegalArgumentException if {@code key} is invalid
     */
    Optional<Deadline> deadline(String key);

    /** @return the reactor's clock's current time */
    Instant now();
}
