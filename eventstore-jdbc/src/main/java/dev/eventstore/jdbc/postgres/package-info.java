/**
 * The PostgreSQL store, for production: {@link dev.eventstore.jdbc.postgres.PostgresEventStore}.
 * Its class comment says how it keeps the global order while writers stay concurrent, and what that
 * costs.
 */
package dev.eventstore.jdbc.postgres;
