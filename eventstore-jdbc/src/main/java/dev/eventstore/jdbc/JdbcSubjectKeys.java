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
        return run(what, connection -> {
            ensureTable(connection);
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
        return run("read the key of subject '" + subject + "'", connection -> {
            ensureTable(connection);
            return find(connection, subject);
        });
    }

    @Override
    public boolean forget(String subject) {
        SubjectKeyStore.checkSubject(subject);
        String what = "forget subject '" + subject + "'";
        store().dialect().checkWritable(what);
        return run(what, connection -> {
            ensureTable(connection);
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

    private void ensureTable(Connection connection) throws SQLException {
        if (created || store().dialect().readOnly()) {
            // A read replica cannot create it: the table replicates from the primary.
            return;
        }
        synchronized (this) {
            if (created) {
                return;
            }
            try (Statement ddl = connection.createStatement()) {
                ddl.execute(keySql().create());
            } catch (SQLException e) {
                // Two processes creating the table at once on PostgreSQL: the loser's CREATE ... IF NOT
                // EXISTS can still fail on the catalog's unique index; the table is there all the same.
                if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
                    throw e;
                }
            }
            created = true;
        }
    }
}
