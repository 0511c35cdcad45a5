/**
 * The event store on PostgreSQL and on SQLite.
 *
 * <p>Exported: {@code dev.eventstore.jdbc} only ({@code JdbcEventStore} and its builders,
 * transactions, projections). The dialects ({@code dev.eventstore.jdbc.postgres},
 * {@code dev.eventstore.jdbc.sqlite}) and {@code dev.eventstore.jdbc.internal} are not API.
 */
module dev.eventstore.jdbc {
    requires transitive dev.eventstore.core;
    requires transitive java.sql;
    requires com.zaxxer.hikari;
    requires org.postgresql.jdbc;
    requires org.xerial.sqlitejdbc;
    requires org.slf4j;

    exports dev.eventstore.jdbc;
}
