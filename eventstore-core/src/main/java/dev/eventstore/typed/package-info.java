/**
 * Typed events: Java records registered under a type name and a schema version, turned into
 * {@link dev.eventstore.EventData} and back by Jackson, with upcasters for older schema versions and
 * correlation and causation ids in the metadata.
 *
 * <ul>
 *   <li>{@link dev.eventstore.typed.EventTypes}: the registry and codec, built once and immutable;</li>
 *   <li>{@link dev.eventstore.typed.EventType}: names a record and its schema version, for
 *       registering the records of a sealed interface at once;</li>
 *   <li>{@link dev.eventstore.typed.Upcaster}: turns one schema version's JSON into the next;</li>
 *   <li>{@link dev.eventstore.typed.EventMetadata}: correlation id, causation id and the caller's
 *       own entries;</li>
 *   <li>{@link dev.eventstore.typed.TypedEvent}: a decoded event with its metadata and the recorded
 *       event it came from;</li>
 *   <li>{@link dev.eventstore.typed.EventDecodingException} and
 *       {@link dev.eventstore.typed.UnknownEventTypeException}: what a read that cannot decode an
 *       event throws, naming its stream, version, position and type.</li>
 * </ul>
 *
 * <h2>Where the schema version is stored</h2>
 * In the event's metadata, under the reserved key {@value dev.eventstore.typed.EventMetadata#SCHEMA_VERSION_KEY}
 * (a JSON number). An event without it (appended untyped) is read as schema version 1. Keys that
 * start with {@code $} are reserved for the library.
 */
package dev.eventstore.typed;
