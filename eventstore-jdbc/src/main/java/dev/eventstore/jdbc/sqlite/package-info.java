/**
 * The SQLite store, the embedded default: {@link dev.eventstore.jdbc.sqlite.SqliteEventStore}, one
 * file, nothing to install or run.
 */
package dev.eventstore.jdbc.sqlite;
