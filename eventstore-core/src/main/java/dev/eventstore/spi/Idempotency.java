package dev.eventstore.spi;

import dev.eventstore.AppendResult;
import dev.eventstore.DuplicateEventIdException;
import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import java.util.List;
import java.util.Optional;

/**
 * The idempotency rule of {@link dev.eventstore.EventWriter#append}, decided in one place for every
 * store. A store looks up which of an append's event ids are already recorded and asks
 * {@link #check}.
 */
public final class Idempotency {

    private Idempotency() {
    }

    /**
     * Decides whether an append is new, a retry, or an illegal reuse of event ids.
     *
     * @param streamId the stream appended to
     * @param expectedVersion the append's expected version
     * @param events the append's events
     * @param recorded for each event, in the same order, the event recorded with its id, or null if
     *     the id is not recorded
     * @return empty if no id is recorded (the append is new); the first append's result if the
     *     append is a retry
     * @throws DuplicateEventIdException naming the first recorded id, if the ids are reused in any
     *     other way
     */
    public static Optional<AppendResult> check(String streamId, ExpectedVersion expectedVersion,
            List<EventData> events, List<RecordedEvent> recorded) {
        int found = 0;
        int firstFound = -1;
        for (int i = 0; i < recorded.size(); i++) {
            if (recorded.get(i) != null) {
                found++;
                if (firstFound < 0) {
                    firstFound = i;
                }
            }
        }
        if (found == 0) {
            return Optional.empty();
        }
        RecordedEvent anchor = recorded.get(firstFound);
        if (found < events.size()) {
            int missing = recorded.indexOf(null);
            throw new DuplicateEventIdException(anchor.id(), "the append reuses it, but the id of event " + missing
                    + " (" + events.get(missing).id() + ") is new, so this is no retry of an earlier append");
        }
        RecordedEvent first = recorded.get(0);
        for (int i = 0; i < recorded.size(); i++) {
            RecordedEvent event = recorded.get(i);
            if (!event.streamId().equals(streamId)) {
                throw new DuplicateEventIdException(event.id(), "it is recorded in stream '" + event.streamId()
                        + "', not in '" + streamId + "'");
            }
            if (event.version() != first.version() + i) {
                throw new DuplicateEventIdException(event.id(), "it is recorded at version " + event.version()
                        + " of stream '" + streamId + "', not in the order of this append");
            }
        }
        if (expectedVersion.isExact() && first.version() != expectedVersion.version() + 1) {
            throw new DuplicateEventIdException(first.id(), "it is recorded at version " + first.version()
                    + " of stream '" + streamId + "', but the append expects version " + expectedVersion
                    + " and would write it at version " + (expectedVersion.version() + 1));
        }
        RecordedEvent last = recorded.get(recorded.size() - 1);
        return Optional.of(new AppendResult(last.version(), last.position()));
    }
}
