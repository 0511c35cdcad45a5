/**
 * The PostgreSQL and SQLite stores.
 *
 * <p>Exported: {@code dev.eventstore.jdbc} (what both share: transactions, inline projections),
 * {@code dev.eventstore.jdbc.postgres} and {@code dev.eventstore.jdbc.sqlite}.
 * {@code dev.eventstore.jdbc.internal} is not API.
 */
module dev.eventstore.jdbc {
    requires transitive dev.eventstore.core;
    requires transitive java.sql;
    requires com.zaxxer.hikari;
    requires org.postgresql.jdbc;
    requires org.xerial.sqlitejdbc;
    requires org.slf4j;

    exports dev.eventstore.jdbc;
    exports dev.eventstore.jdbc.postgres;
    exports dev.eventstore.jdbc.sqlite;
}
