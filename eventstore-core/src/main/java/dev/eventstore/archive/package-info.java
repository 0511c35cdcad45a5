/**
 * Archiving: a range of the log, or of a category, exported to a gzip file of JSON lines
 * ({@link dev.eventstore.archive.EventArchive}), and imported into a store as it was recorded
 * ({@link dev.eventstore.EventImporter}).
 */
package dev.eventstore.archive;
