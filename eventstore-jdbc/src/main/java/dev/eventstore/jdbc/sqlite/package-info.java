/**
 * Not API: the SQLite dialect of {@code dev.eventstore.jdbc.JdbcEventStore}: one file, nothing to
 * install or run.
 */
package dev.eventstore.jdbc.sqlite;
