package dev.eventstore.examples.bank;

import dev.eventstore.RecordedEvent;
import dev.eventstore.typed.EventMetadata;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * One event of an account's history: the audit trail.
 *
 * @param recorded the event as the store recorded it: id, version, position, time
 * @param event the decoded event
 * @param metadata its correlation id, causation id and entries
 * @param balanceAfter the balance after this event, in stream order
 * @param snapshotTakenAt when a snapshot of the state after this event was taken, if one was
 */
public record HistoryEntry(RecordedEvent recorded, AccountEvent event, EventMetadata metadata,
        BigDecimal balanceAfter, Optional<Instant> snapshotTakenAt) {
}
