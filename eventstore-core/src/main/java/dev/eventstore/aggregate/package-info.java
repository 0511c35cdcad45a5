/**
 * Aggregates as deciders: a {@link dev.eventstore.aggregate.Decider} says how state evolves and which
 * events a command causes; a {@link dev.eventstore.aggregate.CommandHandler} loads the state (latest
 * snapshot plus later events), decides, appends with the expected version, retries on conflict, and
 * takes snapshots by {@link dev.eventstore.aggregate.SnapshotPolicy policy} into a
 * {@link dev.eventstore.aggregate.SnapshotStore}.
 *
 * <p>A command the decider rejects appends nothing: the decider throws (for example a
 * {@link dev.eventstore.aggregate.CommandRejectedException}) and the handler rethrows it unchanged.
 */
package dev.eventstore.aggregate;
