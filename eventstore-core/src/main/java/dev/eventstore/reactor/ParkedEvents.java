package dev.eventstore.reactor;

import java.util.List;
import java.util.Optional;

/**
 * The events a consumer {@linkplain Poison#PARK parked}: to list, retry and skip them. A
 * {@link Reactor}'s come from {@link Reactor#parkedEvents()}, a {@link ConsumerGroup}'s from
 * {@link ConsumerGroup#parkedEvents()}, a per-event subscription's from
 * {@link dev.eventstore.Subscription#parkedEvents()}.
 *
 * <h2>Who handles released events: the caller</h2>
 * {@link #retry} and {@link #skip} hand the released events to the consumer's reaction or handler on
 * the <em>calling</em> thread, in the stream's order, while the consumer goes on with the other streams
 * on its own thread. The reaction or handler must therefore be safe to call from two threads at once
 * (for different streams). When {@code retry} or {@code skip} returns without an exception the stream
 * is released: the consumer handles its next events as usual. Each released event gets the consumer's
 * retry policy: its attempts, with its back-off, on the calling thread. If the parked event still
 * fails, it stays parked with the attempts added to its count and its error replaced, and the call
 * throws. If an event that was waiting fails, it becomes the stream's parked event (waited behind by
 * the rest), and the call throws likewise; the events handled before it stay handled.
 *
 * <h2>A reactor's</h2>
 * Each released event is reacted to in a transaction of its own. Each release step holds the stream's
 * parked rows in the store until it commits, and the reactor holds them too when it parks one more
 * event of the stream: so either the reactor parks the event first and the caller's loop reacts to it
 * in turn, or the caller has released the whole stream first and the reactor, finding the stream empty,
 * reacts to the event itself. Either way each event is reacted to once, in order. The same holds with
 * reactors of this name in other processes, and with a retry from another process (a command line,
 * say), since the turns are taken in the store: a reactor that did not park the stream itself finds it
 * parked when its reaction opens its transaction (under the checkpoint's lock), and parks the event
 * behind it. A reaction that opens no transaction (it only calls another service) is checked against
 * the parked streams this instance knows of: those it parked, those parked when it started, and those
 * it met parked since. The reactor need not run: a stopped reactor's parked events can be retried and
 * skipped too (its instance must have been built, with its reaction, and may have been closed).
 * A serialization conflict with the running reactor's own transactions is tried again without using
 * the event's attempts. A released event's failure is a {@link ReactionFailedException}. A
 * {@link ConsumerGroup}'s parked events ({@link ConsumerGroup#parkedEvents()}) are a reactor's: those
 * of the member's partition that answers.
 *
 * <h2>A subscription's</h2>
 * A subscription's handler is not transactional, so a subscription is at least once here as
 * everywhere: an event whose handler finished is removed from the parked events afterwards, and a crash
 * in between hands it to the handler again on the next retry. The subscription and the caller take
 * turns in the subscription's instance (not in the store): retry and skip through the {@code
 * Subscription} that parked the events, whether it still runs or was closed, and run one subscription
 * of a name at a time. A released event's failure is a {@link dev.eventstore.EventStoreException}
 * naming the subscription and the event, with the handler's error as its cause.
 */
public interface ParkedEvents {

    /** @return the name the events are parked under: the reactor's or the subscription's name */
    String consumer();

    /**
     * @return the consumer's parked events, by position: those that failed ({@link ParkedEvent#isHead()})
     *     and those that wait behind them
     * @throws dev.eventstore.EventStoreException if the store cannot be read
     */
    List<ParkedEvent> list();

    /**
     * @param position a position
     * @return the event parked at that position, if any
     * @throws dev.eventstore.EventStoreException if the store cannot be read
     */
    Optional<ParkedEvent> find(long position);

    /**
     * Handles a parked event again (after a fix, say) and then the events of its stream that wait
     * behind it, in order, on this thread; the stream is then released.
     *
     * @param position the position of a parked event that heads its stream
     * @return how many events were handled: the parked one and those that waited
     * @throws IllegalArgumentException if no event is parked there, or the one there waits behind another
     * @throws IllegalStateException if another caller retried or skipped it meanwhile, or retries or
     *     skips it now
     * @throws dev.eventstore.EventStoreException if handling an event failed (a
     *     {@link ReactionFailedException} for a reactor): that event is parked (at its stream's head) with
     *     the error, and the events after it still wait; or if the store fails
     */
    int retry(long position);

    /**
     * Drops a parked event without handling it, then handles the events of its stream that wait behind
     * it, in order, on this thread; the stream is then released.
     *
     * @param position the position of a parked event that heads its stream
     * @return how many waiting events were handled
     * @throws IllegalArgumentException if no event is parked there, or the one there waits behind another
     * @throws IllegalStateException if another caller retried or skipped it meanwhile, or retries or
     *     skips it now
     * @throws dev.eventstore.EventStoreException if handling a waiting event failed (a
     *     {@link ReactionFailedException} for a reactor): it is parked (at its stream's head) with the
     *     error, and the events after it still wait; or if the store fails
     */
    int skip(long position);
}
