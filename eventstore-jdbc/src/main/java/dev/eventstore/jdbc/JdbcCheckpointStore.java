package dev.eventstore.jdbc;

import dev.eventstore.projection.CheckpointStore;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Checkpoints in the store's own database (the {@code checkpoints} table), readable and writable
 * inside a caller's transaction: a projection that writes its read model to the same database moves
 * its checkpoint in the same transaction, and so applies each event exactly once.
 * {@link JdbcProjection} does that for you.
 */
public interface JdbcCheckpointStore extends CheckpointStore {

    /**
     * Reads a checkpoint inside the caller's transaction.
     *
     * @param connection the transaction's connection
     * @param name the checkpoint's name
     * @return the stored position, 0 if none is stored
     * @throws SQLException if the database fails
     * @throws IllegalArgumentException if {@code name} is invalid
     */
    long load(Connection connection, String name) throws SQLException;

    /**
     * Reads a checkpoint inside the caller's transaction and holds it until that transaction ends:
     * another transaction that locks the same name waits. Two processes running the same projection
     * therefore apply each batch one after the other, and the second sees how far the first got.
     *
     * @param connection the transaction's connection
     * @param name the checkpoint's name
     * @return the stored position, 0 if none was stored
     * @throws SQLException if the database fails
     * @throws IllegalArgumentException if {@code name} is invalid
     */
    long lock(Connection connection, String name) throws SQLException;

    /**
     * Writes a checkpoint inside the caller's transaction; it commits or rolls back with it.
     *
     * @param connection the transaction's connection
     * @param name the checkpoint's name
     * @param position the position to store, at least 0
     * @throws SQLException if the database fails
     * @throws IllegalArgumentException if {@code name} is invalid or {@code position} negative
     */
    void save(Connection connection, String name, long position) throws SQLException;
}
