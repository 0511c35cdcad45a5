/**
 * Projections: read models kept up to date from the event log.
 *
 * <ul>
 *   <li>{@link dev.eventstore.projection.Projection}: what a projection is to its runner: a name,
 *       a filter, its checkpoint, "apply this batch and move the checkpoint", and reset. Build one
 *       over a {@link dev.eventstore.projection.CheckpointStore} with
 *       {@link dev.eventstore.projection.Projection#builder}, or implement it to commit the read
 *       model and the checkpoint in one transaction.</li>
 *   <li>{@link dev.eventstore.projection.ProjectionRunner}: runs a projection as a named
 *       subscription from its checkpoint; rebuilds it from position 0, logging progress.</li>
 *   <li>{@link dev.eventstore.projection.CheckpointStore}: named positions, in memory
 *       ({@link dev.eventstore.memory.InMemoryCheckpointStore}) or in a database.</li>
 * </ul>
 */
package dev.eventstore.projection;
