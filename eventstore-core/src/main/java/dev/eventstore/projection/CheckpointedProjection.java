package dev.eventstore.projection;

import dev.eventstore.EventBatchHandler;
import dev.eventstore.EventFilter;
import dev.eventstore.RecordedEvent;
import java.util.List;

/** The at-least-once projection {@link Projection.Builder} builds. */
final class CheckpointedProjection implements Projection {
    private final String name;
    private final EventFilter filter;
    private final CheckpointStore checkpoints;
    private final EventBatchHandler handler;
    private final Runnable onReset;

    CheckpointedProjection(String name, EventFilter filter, CheckpointStore checkpoints, EventBatchHandler handler,
            Runnable onReset) {
        this.name = name;
        this.filter = filter;
        this.checkpoints = checkpoints;
        this.handler = handler;
        this.onReset = onReset;
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
        return checkpoints.load(name);
    }

    @Override
    public void apply(List<RecordedEvent> events) throws Exception {
        handler.handle(events);
        checkpoints.save(name, events.get(events.size() - 1).position());
    }

    @Override
    public void reset() {
        // Checkpoint first: a crash in between then replays onto the old rows (duplicates, which an
        // at-least-once handler copes with) instead of leaving empty rows behind a late checkpoint
        // (events lost for good).
        checkpoints.save(name, 0);
        onReset.run();
    }

    @Override
    public String toString() {
        return "Projection[" + name + ", " + filter + "]";
    }
}
