package dev.eventstore.reactor;

import java.util.List;
import java.util.Optional;

/**
 * The events a {@link Reactor} {@linkplain Poison#PARK parked}: to list, retry and skip them. Get it
 * from {@link Reactor#parkedEvents()}.
 *
 * <h2>Who handles released events: the caller</h2>
 * {@link #retry} and {@link #skip} react to the released events on the <em>calling</em> thread, one
 * transaction each, in the stream's order, while the reactor goes on with the other streams on its
 * own thread. The reaction must therefore be safe to call from two threads at once (for different
 * streams). Each release step holds the stream's parked rows in the store until it commits, and the
 * reactor holds them too when it parks one more event of the stream: so either the reactor parks the
 * event first and the caller's loop reacts to it in turn, or the caller has released the whole stream
 * first and the reactor, finding the stream empty, reacts to the event itself. Either way each event
 * is reacted to once, in order. When {@code retry} or {@code skip} returns without an exception the
 * stream is released: the reactor reacts to its next events as usual. The same holds with reactors of
 * this name in other processes, and with a retry from another process (a command line, say), since the
 * turns are taken in the store: a reactor that did not park the stream itself finds it parked when its
 * reaction opens its transaction (under the checkpoint's lock), and parks the event behind it. A
 * reaction that opens no transaction (it only calls another service) is checked against the parked
 * streams this instance knows of: those it parked, those parked when it started, and those it met
 * parked since.
 *
 * <p>Each released event gets the reactor's {@linkplain Reactor.Builder#retry retry policy}: its
 * attempts, with its back-off, on the calling thread (a conflict with the running reactor's own
 * transactions is retried so). If the parked event still fails, it stays parked with the attempts
 * added to its count and its error replaced, and the call throws. If an event that was
 * waiting fails, it becomes the stream's parked event (waited behind by the rest), and the call throws
 * likewise; the events handled before it stay handled.
 *
 * <p>The reactor need not run: a stopped reactor's parked events can be retried and skipped too (its
 * instance must have been built, with its reaction, and may have been closed).
 */
public final class ParkedEvents {

    private final Reactor<?> reactor;

    ParkedEvents(Reactor<?> reactor) {
        this.reactor = reactor;
    }

    /** @return the name the events are parked under: the reactor's {@linkplain Reactor#name() name} */
    public String consumer() {
        return reactor.name();
    }

    /**
     * @return the reactor's parked events, by position: those that failed ({@link ParkedEvent#isHead()})
     *     and those that wait behind them
     * @throws dev.eventstore.EventStoreException if the store cannot be read
     */
    public List<ParkedEvent> list() {
        return reactor.parkedStore().list(reactor.name());
    }

    /**
     * @param position a position
     * @return the event parked at that position, if any
     * @throws dev.eventstore.EventStoreException if the store cannot be read
     */
    public Optional<ParkedEvent> find(long position) {
        return reactor.parkedStore().find(reactor.name(), position);
    }

    /**
     * Reacts again to a parked event (after a fix, say) and then to the events of its stream that wait
     * behind it, in order, on this thread; the stream is then released.
     *
     * @param position the position of a parked event that heads its stream
     * @return how many events were reacted to: the parked one and those that waited
     * @throws IllegalArgumentException if no event is parked there, or the one there waits behind another
     * @throws IllegalStateException if another caller retried or skipped it meanwhile
     * @throws ReactionFailedException if a reaction failed: that event is parked (at its stream's head)
     *     with the error, and the events after it still wait
     * @throws dev.eventstore.EventStoreException if the store fails
     */
    public int retry(long position) {
        return reactor.release(position, false);
    }

    /**
     * Drops a parked event without reacting to it, then reacts to the events of its stream that wait
     * behind it, in order, on this thread; the stream is then released.
     *
     * @param position the position of a parked event that heads its stream
     * @return how many waiting events were reacted to
     * @throws IllegalArgumentException if no event is parked there, or the one there waits behind another
     * @throws IllegalStateException if another caller retried or skipped it meanwhile
     * @throws ReactionFailedException if the reaction to a waiting event failed: it is parked (at its
     *     stream's head) with the error, and the events after it still wait
     * @throws dev.eventstore.EventStoreException if the store fails
     */
    public int skip(long position) {
        return reactor.release(position, true);
    }
}
