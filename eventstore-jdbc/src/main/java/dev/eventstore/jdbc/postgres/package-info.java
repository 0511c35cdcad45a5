/**
 * Not API: the PostgreSQL dialect of {@code dev.eventstore.jdbc.JdbcEventStore}. Its
 * {@code PostgresDialect} class comment says how the store keeps the global order while writers stay
 * concurrent, and what that costs.
 */
package dev.eventstore.jdbc.postgres;
