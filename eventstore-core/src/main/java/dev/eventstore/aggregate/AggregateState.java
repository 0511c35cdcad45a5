package dev.eventstore.aggregate;

import dev.eventstore.StreamIds;
import dev.eventstore.internal.Args;

/**
 * The state of a stream's aggregate as of a version.
 *
 * @param streamId the stream
 * @param state the state folded from events 1 to {@code version}; the decider's initial state when
 *     {@code version} is 0
 * @param version the version the state includes; 0 for a stream with no events (yet, or as of the
 *     time asked)
 * @param <S> the state
 */
public record AggregateState<S>(String streamId, S state, long version) {

    /**
     * @param streamId the stream
     * @param state the state folded from events 1 to {@code version}
     * @param version the version the state includes; 0 for a stream with no events
     * @throws IllegalArgumentException if {@code streamId} is invalid or {@code version} negative
     */
    public AggregateState {
        StreamIds.validate(streamId);
        Args.atLeast("version", version, 0);
    }

    /** @return true if the state includes no event */
    public boolean isNew() {
        return version == 0;
    }
}
