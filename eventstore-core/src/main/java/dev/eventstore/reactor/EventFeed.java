package dev.eventstore.reactor;

import dev.eventstore.RecordedEvent;
import java.util.List;

/**
 * Events in position order from somewhere other than the reactor's own store: typically another
 * service's published feed, read over HTTP. A {@link Reactor} built with
 * {@link Reactor.Builder#source(EventFeed)} follows it with its checkpoint in its own store, committed
 * with its effects: each entry of the feed takes effect once, across crashes, with no gap (an inbox).
 *
 * <p>The feed's positions must keep the position invariant (a reader that has seen position {@code p}
 * never later meets an entry below {@code p}), as a feed read from an event store's log does.
 */
public interface EventFeed {

    /**
     * Reads the next entries. May wait a while for new ones (a long poll) when there are none yet; the
     * reactor calls it again at once when it returns.
     *
     * @param afterPosition return entries above this position; 0 for all
     * @param limit the most entries to return, at least 1
     * @return the entries in ascending position, at most {@code limit}; fewer when the feed has no more
     *     for now; null once the feed is closed, which stops the reactor following it (as
     *     {@link Reactor#close()} would)
     * @throws Exception if the feed cannot be read (the service is down): the reactor logs it, shows as
     *     waiting, backs off and reads again
     */
    List<RecordedEvent> read(long afterPosition, int limit) throws Exception;

    /**
     * Reads the next entries without waiting for new ones: the reactor asks so while it catches up (a
     * short answer is how it learns that it has caught up, {@link dev.eventstore.Subscription.State#LIVE})
     * and when someone waits for it to catch up. The default calls {@link #read}, which suits a feed
     * that never waits long; a feed that long-polls answers at once.
     *
     * @param afterPosition return entries above this position; 0 for all
     * @param limit the most entries to return, at least 1
     * @return as {@link #read}
     * @throws Exception as {@link #read}
     */
    default List<RecordedEvent> readNow(long afterPosition, int limit) throws Exception {
        return read(afterPosition, limit);
    }

    /**
     * @return the feed's highest position now; used by {@link Reactor#awaitPosition}
     * @throws Exception if the feed cannot be read
     */
    long headPosition() throws Exception;

    /**
     * Cuts short a {@link #read} that waits for new entries: it returns at once with what it has (an
     * empty list), and may make the next read answer at once too. The reactor calls it, from another
     * thread, when it closes and when {@link Reactor#awaitCaughtUp} or {@link Reactor#awaitPosition}
     * need a read that starts after their call: without it each of them would sit out a long poll on a
     * feed where nothing happens. The default does nothing, which suits a feed that never waits long.
     */
    default void stopWaiting() {
    }
}
