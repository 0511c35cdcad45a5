/**
 * Not API. Helpers shared by the PostgreSQL and SQLite stores; anything here may change in any
 * release. The module descriptor does not export this package.
 */
package dev.eventstore.jdbc.internal;
