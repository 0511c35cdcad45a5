/**
 * The in-memory store: the reference semantics of {@link dev.eventstore.EventStore}, for tests, demos
 * and tools that need no durability.
 */
package dev.eventstore.memory;
