package dev.eventstore.aggregate;

import dev.eventstore.EventData;
import dev.eventstore.StreamIds;
import dev.eventstore.internal.Args;
import dev.eventstore.internal.Json;
import java.time.Instant;

/**
 * The state of a stream's aggregate after a given version, as JSON, so that loading it reads only
 * the later events.
 *
 * <p>{@code stateType} and {@code schemaVersion} say what shape the JSON has. A loader that expects
 * another type or schema version ignores the snapshot and replays the stream: an old snapshot is
 * never mis-read into a new state class.
 *
 * @param streamId the stream the state was folded from
 * @param version the stream version the state includes: events 1 to {@code version}
 * @param stateType the state's type name, by default the state class's name
 * @param schemaVersion the state's schema version, from 1; raise it whenever the state's JSON shape
 *     changes
 * @param state the state as JSON text
 * @param takenAt when the snapshot was taken
 */
public record Snapshot(String streamId, long version, String stateType, int schemaVersion, String state,
        Instant takenAt) {

    /**
     * @param streamId the stream the state was folded from
     * @param version the stream version the state includes
     * @param stateType the state's type name
     * @param schemaVersion the state's schema version, from 1
     * @param state the state as JSON text
     * @param takenAt when the snapshot was taken
     * @throws IllegalArgumentException if the stream id or state type is invalid, the version or
     *     schema version is below 1, the state is not JSON, or {@code takenAt} is null
     */
    public Snapshot {
        StreamIds.validate(streamId);
        Args.atLeast("version", version, 1);
        Args.name("stateType", stateType, EventData.MAX_TYPE_LENGTH);
        Args.atLeast("schemaVersion", schemaVersion, 1);
        Json.value("state", state);
        Args.notNull("takenAt", takenAt);
    }

    /** @return a short description for logs, without the state */
    @Override
    public String toString() {
        return "Snapshot[" + streamId + "@" + version + ", " + stateType + " v" + schemaVersion + ", taken at "
                + takenAt + "]";
    }
}
