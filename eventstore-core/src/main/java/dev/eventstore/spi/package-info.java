/**
 * For those who write a store: {@link dev.eventstore.spi.AbstractEventStore} turns a handful of
 * storage operations into a complete {@link dev.eventstore.EventStore} (argument checks, lazy paging,
 * subscriptions), and {@link dev.eventstore.spi.Idempotency} decides the idempotency rule the same way
 * for every store. Applications do not need this package.
 */
package dev.eventstore.spi;
