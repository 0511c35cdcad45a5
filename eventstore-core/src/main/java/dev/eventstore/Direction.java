package dev.eventstore;

/** The order in which {@link EventReader#readStream} walks a stream. */
public enum Direction {
    /** Oldest first: versions ascending from the given version. */
    FORWARD,
    /** Newest first: versions descending from the given version. */
    BACKWARD
}
