package dev.eventstore.archive;

/**
 * What an export wrote or an import read.
 *
 * @param events how many events
 * @param firstPosition the position of the first; 0 if there were none
 * @param lastPosition the position of the last; 0 if there were none
 */
public record ArchiveSummary(long events, long firstPosition, long lastPosition) {
}
