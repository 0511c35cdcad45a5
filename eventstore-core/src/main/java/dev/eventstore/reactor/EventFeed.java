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
     * @return the feed's highest position now; used by {@link Reactor#awaitPosition}
     * @throws Exception if the feed cannot be read
     */
    long headPosition() throws Exception;
}
