package dev.eventstore.jdbc;

import dev.eventstore.jdbc.internal.KeyTableSql;
import dev.eventstore.typed.SubjectKey;
import dev.eventstore.typed.SubjectKeyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * The subject keys of crypto-shredding in a {@link JdbcEventStore}'s database: the table
 * {@code subject_keys} (subject, key id, key bytes), created on first use. Two writers racing to create
 * one subject's key both insert "unless it exists" and then read what is stored, so both use the one
 * key the database kept. {@link #forget} deletes the row; what the database does with the deleted
 * bytes afterwards (dead tuples until VACUUM, free pages, the write-ahead log) is described in the
 * module's README, under "Crypto-shredding keys, archives".
 */
final class JdbcSubjectKeys extends SideTable implements SubjectKeyStore {

    private volatile boolean created;

    JdbcSubjectKeys(JdbcEventStore store) {
        super(store, null);
    }

    @Override
    public SubjectKey keyFor(String subject) {
        SubjectKeyStore.checkSubject(subject);
        String what = "create the key of subject '" + subject + "'";
        store().dialect().checkWritable(what);
        Optional<SubjectKey> known = find(subject);
        if (known.isPresent()) {
            return known.get();
        }
        return write(what, connection -> {
            Optional<SubjectKey> found = find(connection, subject);
            if (found.isPresent()) {
                return found.get();
            }
            SubjectKey fresh = SubjectKey.generate(subject);
            try (PreparedStatement insert = connection.prepareStatement(keySql().insert())) {
                insert.setString(1, subject);
                insert.setString(2, fresh.id());
                insert.setBytes(3, fresh.material());
                insert.executeUpdate();
            }
            return find(connection, subject).orElseThrow(() -> new SQLException(
                    "the key of subject '" + subject + "' was deleted while it was being created"));
        });
    }

    @Override
    public Optional<SubjectKey> find(String subject) {
        SubjectKeyStore.checkSubject(subject);
        ensureTable();
        return store().sideRead("read the key of subject '" + subject + "'", connection -> find(connection, subject));
    }

    @Override
    public boolean forget(String subject) {
        SubjectKeyStore.checkSubject(subject);
        String what = "forget subject '" + subject + "'";
        store().dialect().checkWritable(what);
        return write(what, connection -> {
            try (PreparedStatement delete = connection.prepareStatement(keySql().delete())) {
                delete.setString(1, subject);
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public String toString() {
        return "JdbcSubjectKeys[" + store().location() + "]";
    }

    private KeyTableSql keySql() {
        return store().dialect().keyTable();
    }

    private Optional<SubjectKey> find(Connection connection, String subject) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(keySql().find())) {
            select.setString(1, subject);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new SubjectKey(subject, row.getString(1), row.getBytes(2)))
                        : Optional.empty();
            }
        }
    }

    /**
     * Writes as the store's own writers do ({@link JdbcEventStore#sideWrite}): in this thread's
     * transaction of the store, if any, else queued with the appends (on SQLite, a write of its own
     * connection would wait for the single writer's lock while the appends queued in the store take it
     * in turn, and could starve). Creates the table first.
     */
    private <T> T write(String what, JdbcEventStore.ConnectionWork<T> work) {
        ensureTable();
        return store().sideWrite(what, work);
    }

    /**
     * Creates the table on first use, as a write of its own; a read replica only reads it. No monitor is
     * held meanwhile: a thread inside a transaction of the store holds its write lock and may come here
     * too, so waiting for the lock while holding a monitor could deadlock. Several threads may run the
     * idempotent {@code CREATE TABLE IF NOT EXISTS} at once on first use.
     */
    private void ensureTable() {
        if (created || store().dialect().readOnly()) {
            // A read replica cannot create it: the table replicates from the primary.
            return;
        }
        boolean own = store().sideWrite("create the subject keys table", connection -> {
            try (Statement ddl = connection.createStatement()) {
                ddl.execute(keySql().create());
            } catch (SQLException e) {
                // Two processes creating the table at once on PostgreSQL: the loser's CREATE ... IF
                // NOT EXISTS can still fail on the catalog's unique index; the table is there all the same.
                if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
                    throw e;
                }
            }
            return !store().inTransactionOnThisThread();
        });
        if (own) {
            // Made in a caller's transaction, the table may still roll back with it: made again next time.
            created = true;
        }
    }
}
