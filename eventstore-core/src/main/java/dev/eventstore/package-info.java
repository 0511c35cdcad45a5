/**
 * The event store API: {@link dev.eventstore.EventStore} appends events to streams with an
 * {@link dev.eventstore.ExpectedVersion}, reads streams, categories and the global log in position
 * order, and subscribes to them. {@link dev.eventstore.EventData} is what a caller appends,
 * {@link dev.eventstore.RecordedEvent} what the store hands back, and
 * {@link dev.eventstore.AppendCondition} with a {@link dev.eventstore.Query} makes an append
 * conditional on events of other streams. Every exception the stores throw extends
 * {@link dev.eventstore.EventStoreException}.
 */
package dev.eventstore;
