package dev.eventstore.jdbc;

import dev.eventstore.EventFilter;
import dev.eventstore.RecordedEvent;
import dev.eventstore.internal.Args;
import dev.eventstore.projection.CheckpointStore;
import dev.eventstore.projection.Projection;
import java.util.List;

/**
 * A projection whose read model lives in the store's own database, applied <em>exactly once</em>:
 * each batch's rows and the projection's checkpoint commit in one transaction, so a crash at any
 * point leaves either both or neither, and a restart resumes right after the last committed batch.
 * Run it with {@link dev.eventstore.projection.ProjectionRunner}.
 *
 * <p>Each batch's transaction first locks the projection's checkpoint row and hands the handler only
 * the events above it. So a batch delivered again (its commit succeeded but the acknowledgement was
 * lost) changes nothing, and two processes running the same projection take turns instead of
 * applying events twice; the checkpoint never moves backwards, except by {@link #reset()}. A runner
 * that finds the checkpoint below where it left it (another runner reset it to rebuild) fails its
 * batch rather than skip the events in between: stop the other runners before a rebuild, or start
 * them again after it.
 *
 * <pre>{@code
 * Projection statement = JdbcProjection.builder("statement", store)
 *         .filter(EventFilter.category("account"))
 *         .handler(new StatementRows())
 *         .build();
 * try (ProjectionRunner runner = ProjectionRunner.start(store, statement)) { ... }
 * }</pre>
 */
public final class JdbcProjection implements Projection {

    private final String name;
    private final EventFilter filter;
    private final JdbcEventStore store;
    private final JdbcProjectionHandler handler;
    /** The checkpoint this instance last read or wrote; a stored one below it was moved back by a rebuild. */
    private volatile long known;

    private JdbcProjection(Builder builder) {
        this.name = builder.name;
        this.filter = builder.filter;
        this.store = builder.store;
        this.handler = builder.handler;
    }

    /**
     * @param name the projection's name, which is also its checkpoint's name
     * @param store the store whose events it projects and whose database holds its rows
     * @return a builder
     * @throws IllegalArgumentException if {@code name} is invalid or {@code store} null
     */
    public static Builder builder(String name, JdbcEventStore store) {
        return new Builder(CheckpointStore.checkName(name), Args.notNull("store", store));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public EventFilter filter() {
        return filter;
    }

    @Override
    public long checkpoint() {
        long stored = store.checkpointStore().load(name);
        known = stored;
        return stored;
    }

    /**
     * Applies the events of the batch above the stored checkpoint and moves the checkpoint to the
     * batch's last position, in one transaction that holds the checkpoint row.
     *
     * @param events the batch
     * @throws Exception what the handler or the database threw; nothing of the batch is kept
     */
    @Override
    public void apply(List<RecordedEvent> events) throws Exception {
        long saved = store.inTransaction(tx -> {
            CheckpointStore checkpoint = store.checkpointStore().within(tx);
            long stored = checkpoint.load(name);
            if (stored < known) {
                // Another runner reset the projection (a rebuild). Going on from here would leave the
                // events between the two positions out of the rebuilt read model.
                throw new IllegalStateException("The checkpoint of projection '" + name + "' went back from " + known
                        + " to " + stored + ": another runner is rebuilding it. This runner stops rather than skip "
                        + "events; start it again once the rebuild is done.");
            }
            List<RecordedEvent> fresh = events;
            if (events.get(0).position() <= stored) {
                fresh = events.stream().filter(event -> event.position() > stored).toList();
            }
            if (fresh.isEmpty()) {
                return stored;
            }
            handler.apply(fresh, tx.connection());
            long last = fresh.get(fresh.size() - 1).position();
            checkpoint.save(name, last);
            return last;
        });
        known = saved;
    }

    /**
     * Empties the read model and sets the checkpoint to 0, in one transaction.
     *
     * @throws Exception what the handler or the database threw; nothing is changed
     */
    @Override
    public void reset() throws Exception {
        store.inTransaction(tx -> {
            // Lock first: a batch of another runner committing meanwhile either lands before the
            // reset (and is deleted with it) or waits and then finds the checkpoint moved back.
            CheckpointStore checkpoint = store.checkpointStore().within(tx);
            checkpoint.load(name);
            handler.reset(tx.connection());
            checkpoint.save(name, 0);
            return null;
        });
        known = 0;
    }

    /** Builds a {@link JdbcProjection}. */
    public static final class Builder {
        private final String name;
        private final JdbcEventStore store;
        private EventFilter filter = EventFilter.all();
        private JdbcProjectionHandler handler;

        private Builder(String name, JdbcEventStore store) {
            this.name = name;
            this.store = store;
        }

        /**
         * @param filter the events to project (default: all)
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder filter(EventFilter filter) {
            this.filter = Args.notNull("filter", filter);
            return this;
        }

        /**
         * @param handler writes the read model
         * @return this builder
         * @throws IllegalArgumentException if null
         */
        public Builder handler(JdbcProjectionHandler handler) {
            this.handler = Args.notNull("handler", handler);
            return this;
        }

        /**
         * @return the projection
         * @throws IllegalStateException if no handler was given
         */
        public JdbcProjection build() {
            if (handler == null) {
                throw new IllegalStateException("projection '" + name + "' needs a handler; call handler(...)");
            }
            return new JdbcProjection(this);
        }
    }
}
