package dev.eventstore.projection;

import dev.eventstore.EventBatchHandler;
import dev.eventstore.EventFilter;
import dev.eventstore.RecordedEvent;
import dev.eventstore.internal.Args;
import java.util.List;

/**
 * A read model kept up to date from the event log, as its {@link ProjectionRunner} sees it: a name,
 * the events it wants, the position it has got to, a way to apply the next batch and move that
 * position, and a way to start over.
 *
 * <h2>Two kinds</h2>
 * <ul>
 *   <li><b>At least once</b>, for any read model: {@link #builder(String, CheckpointStore)} builds a
 *       projection that applies each batch with a handler, then saves the batch's last position in
 *       a {@link CheckpointStore}. A crash between the two applies the batch again after a restart,
 *       so the handler should be idempotent (an upsert, a set, a version check).</li>
 *   <li><b>Exactly once</b>, for a read model in the same database as the checkpoint: implement
 *       this interface so that {@link #apply} writes the rows and the checkpoint in one transaction
 *       and {@link #checkpoint()} reads it back (the JDBC module provides one). The runner needs
 *       nothing more.</li>
 * </ul>
 *
 * <p>A projection is driven by one runner at a time; its methods are called on that runner's
 * subscription thread, except {@link #checkpoint()} and {@link #reset()}, which the runner calls
 * before it starts.
 */
public interface Projection {

    /**
     * @return the projection's name: its checkpoint's name and its subscription's name; 1 to
     *     {@value CheckpointStore#MAX_NAME_LENGTH} characters, no control characters, no unpaired surrogate
     */
    String name();

    /** @return the events the projection wants; by default every event */
    default EventFilter filter() {
        return EventFilter.all();
    }

    /**
     * @return the position of the last event applied; 0 if none
     * @throws Exception if it cannot be read; the runner does not start
     */
    long checkpoint() throws Exception;

    /**
     * Applies a batch and moves the checkpoint to the position of its last event; atomically, if the
     * projection can. If it throws, nothing may count as applied: the runner delivers the same batch
     * again (as its {@link dev.eventstore.RetryPolicy} allows), then stops with the error.
     *
     * @param events the next events after the checkpoint that pass {@link #filter()}, at least one,
     *     in ascending position; an unmodifiable list
     * @throws Exception if the batch cannot be applied
     */
    void apply(List<RecordedEvent> events) throws Exception;

    /**
     * Forgets everything applied: deletes the read model and moves the checkpoint back to 0, so that
     * a rebuild replays the whole log.
     *
     * @throws Exception if it cannot reset; a rebuild then does not start
     */
    void reset() throws Exception;

    /**
     * @param name the projection's name, also its checkpoint's name
     * @param checkpoints where its checkpoint is kept
     * @return a builder of an at-least-once projection
     * @throws IllegalArgumentException if {@code name} is invalid or {@code checkpoints} null
     */
    static Builder builder(String name, CheckpointStore checkpoints) {
        return new Builder(CheckpointStore.checkName(name), Args.notNull("checkpoints", checkpoints));
    }

    /**
     * Builds an at-least-once {@link Projection}: each batch goes to a handler, then its last position
     * is saved in a {@link CheckpointStore}.
     *
     * <pre>{@code
     * Map<String, BigDecimal> balances = new ConcurrentHashMap<>();
     * Projection projection = Projection.builder("balances", checkpoints)
     *         .filter(EventFilter.category("account"))
     *         .handler(types.batchHandler(AccountEvent.class, e -> ...))
     *         .onReset(balances::clear)
     *         .build();
     * }</pre>
     */
    final class Builder {
        private final String name;
        private final CheckpointStore checkpoints;
        private EventFilter filter = EventFilter.all();
        private EventBatchHandler handler;
        private Runnable onReset = () -> { };

        private Builder(String name, CheckpointStore checkpoints) {
            this.name = name;
            this.checkpoints = checkpoints;
        }

        /**
         * @param filter the events the projection wants; default all
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder filter(EventFilter filter) {
            this.filter = Args.notNull("filter", filter);
            return this;
        }

        /**
         * @param handler applies each batch to the read model; for typed events see
         *     {@link dev.eventstore.typed.EventTypes#batchHandler}
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder handler(EventBatchHandler handler) {
            this.handler = Args.notNull("handler", handler);
            return this;
        }

        /**
         * @param onReset deletes the read model, for {@link Projection#reset()}; default does nothing
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder onReset(Runnable onReset) {
            this.onReset = Args.notNull("onReset", onReset);
            return this;
        }

        /**
         * @return the projection
         * @throws IllegalStateException if no handler was set
         */
        public Projection build() {
            if (handler == null) {
                throw new IllegalStateException("projection '" + name + "' needs a handler; call handler(...)");
            }
            return new CheckpointedProjection(name, filter, checkpoints, handler, onReset);
        }
    }
}
