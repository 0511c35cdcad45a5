/**
 * What the two database stores share: {@link dev.eventstore.jdbc.JdbcEventStore} with its
 * transactions ({@link dev.eventstore.jdbc.JdbcTransaction}), inline projections that run inside an
 * append's transaction, the checkpoint store of the database, and
 * {@link dev.eventstore.jdbc.JdbcProjection}, which moves a read model and its checkpoint in one
 * transaction.
 */
package dev.eventstore.jdbc;
