package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventTransaction;
import dev.eventstore.RecordedEvent;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.aggregate.CommandHandler;
import dev.eventstore.aggregate.CommandIdConflictException;
import dev.eventstore.aggregate.CommandRejectedException;
import dev.eventstore.aggregate.CommandResult;
import dev.eventstore.aggregate.SnapshotPolicy;
import dev.eventstore.contract.Tally.Add;
import dev.eventstore.contract.Tally.Added;
import dev.eventstore.contract.Tally.Total;
import dev.eventstore.typed.EventMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Idempotent commands on each store: a command with a command id is booked once however often it is
 * sent (a retry after a lost response, copies sent at once by several threads, a copy sent after a
 * restart), its repeats are answered with the first result, and every other use of the id is refused.
 *
 * @param <T> the store's transaction type
 */
public interface CommandContract<T extends EventTransaction> extends TransactionalStoreFixture<T> {

    private CommandHandler<Add, Total, Added> tallies() {
        return Tally.handler(store()).build();
    }

    private static String newCommandId() {
        return "command-" + UUID.randomUUID();
    }

    private static List<UUID> appendedIds(CommandResult<?, ?> result) {
        return result.appended().stream().map(dev.eventstore.EventData::id).toList();
    }

    /** Asserts that {@code repeat} answers with what {@code first} booked, and booked nothing itself. */
    private static void assertRepeatOf(CommandResult<Total, Added> first, CommandResult<Total, Added> repeat) {
        assertThat(repeat.alreadyHandled()).as("alreadyHandled of the repeat").isTrue();
        assertThat(repeat.streamId()).isEqualTo(first.streamId());
        assertThat(repeat.events()).isEqualTo(first.events());
        assertThat(appendedIds(repeat)).isEqualTo(appendedIds(first));
        assertThat(repeat.version()).isEqualTo(first.version());
        assertThat(repeat.lastPosition()).isEqualTo(first.lastPosition());
        assertThat(repeat.state()).isEqualTo(first.state());
    }

    // ---------------------------------------------------------------- sent again

    @Test
    default void aCommandSentAgainAfterALostResponseIsBookedOnceAndAnsweredWithTheFirstResult() {
        CommandHandler<Add, Total, Added> tallies = tallies();
        String stream = newStream("tally");
        String commandId = newCommandId();
        tallies.handle(stream, new Add(1), EventMetadata.forCommand(newCommandId()));

        CommandResult<Total, Added> first = tallies.handle(stream, new Add(5, 2), EventMetadata.forCommand(commandId));
        // Other commands change the stream before the copy arrives.
        tallies.handle(stream, new Add(100), EventMetadata.forCommand(newCommandId()));
        tallies.handle(stream, new Add(1000));
        StoreState before = storeState();
        CommandResult<Total, Added> repeat = tallies.handle(stream, new Add(5, 2), EventMetadata.forCommand(commandId));

        assertThat(first.alreadyHandled()).isFalse();
        assertThat(first.events()).containsExactly(new Added(5), new Added(5));
        assertThat(first.version()).isEqualTo(3);
        assertThat(first.state()).isEqualTo(new Total(11, 3));
        assertRepeatOf(first, repeat);
        assertUnchanged(before, stream, 5);
        assertThat(tallies.load(stream).state()).isEqualTo(new Total(1111, 5));
    }

    @Test
    default void theEventsOfACommandWithAnIdHaveIdsDerivedFromItAndCarryIt() {
        String stream = newStream("tally");
        String commandId = newCommandId();

        CommandResult<Total, Added> result = tallies().handle(stream, new Add(2, 3),
                EventMetadata.forCommand(commandId).withEntry("user", "alice"));

        List<RecordedEvent> recorded = readStream(stream);
        assertThat(ids(recorded)).containsExactly(CommandHandler.eventId(commandId, 0),
                CommandHandler.eventId(commandId, 1), CommandHandler.eventId(commandId, 2));
        assertThat(appendedIds(result)).isEqualTo(ids(recorded));
        assertThat(result.lastPosition()).isEqualTo(recorded.get(2).position());
        for (RecordedEvent event : recorded) {
            EventMetadata metadata = EventMetadata.fromJson(event.metadata());
            assertThat(metadata.commandId()).contains(commandId);
            assertThat(metadata.commandHash()).isPresent();
            assertThat(metadata.entry("user")).contains("alice");
        }
        assertThat(store().readEvent(CommandHandler.eventId(commandId, 0)).orElseThrow().streamId())
                .isEqualTo(stream);
    }

    @Test
    default void aCommandResentByManyThreadsAtOnceIsBookedOnceAndEveryThreadGetsItsResult() throws Exception {
        int threads = 8;
        int commands = 100;
        int streams = 10;
        CommandHandler<Add, Total, Added> tallies = Tally.handler(store()).maxRetries(20).build();
        List<String> commandIds = new ArrayList<>();
        List<String> streamIds = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            streamIds.add(newStream("tally"));
        }
        for (int c = 0; c < commands; c++) {
            commandIds.add(newCommandId());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<List<CommandResult<Total, Added>>> results = new ArrayList<>();
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<List<CommandResult<Total, Added>>>> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                senders.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    List<CommandResult<Total, Added>> mine = new ArrayList<>();
                    for (int c = 0; c < commands; c++) {
                        mine.add(tallies.handle(streamIds.get(c % streams), new Add(c, 1 + c % 3),
                                EventMetadata.forCommand(commandIds.get(c))));
                    }
                    return mine;
                }));
            }
            for (Future<List<CommandResult<Total, Added>>> sender : senders) {
                results.add(sender.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        Map<UUID, Integer> booked = new HashMap<>();
        for (String stream : streamIds) {
            for (RecordedEvent event : readStream(stream)) {
                booked.merge(event.id(), 1, Integer::sum);
            }
        }
        int expectedEvents = 0;
        for (int c = 0; c < commands; c++) {
            int times = 1 + c % 3;
            expectedEvents += times;
            for (int i = 0; i < times; i++) {
                assertThat(booked.get(CommandHandler.eventId(commandIds.get(c), i)))
                        .as("event %d of command %d booked", i, c).isEqualTo(1);
            }
            CommandResult<Total, Added> reference = results.get(0).get(c);
            assertThat(reference.events()).hasSize(times);
            List<RecordedEvent> stream = readStream(streamIds.get(c % streams));
            RecordedEvent last = stream.get((int) reference.version() - 1);
            assertThat(last.id()).isEqualTo(CommandHandler.eventId(commandIds.get(c), times - 1));
            assertThat(reference.lastPosition()).isEqualTo(last.position());
            int booking = 0;
            for (List<CommandResult<Total, Added>> thread : results) {
                CommandResult<Total, Added> result = thread.get(c);
                assertThat(result.events()).isEqualTo(reference.events());
                assertThat(appendedIds(result)).isEqualTo(appendedIds(reference));
                assertThat(result.version()).isEqualTo(reference.version());
                assertThat(result.lastPosition()).isEqualTo(reference.lastPosition());
                assertThat(result.state()).isEqualTo(reference.state());
                booking += result.alreadyHandled() ? 0 : 1;
            }
            // At least one caller learns that its call booked the command. Copies that both pass the
            // look-up before either appends are both told so: the store takes the second append for a
            // retry of the first and returns its result without saying that it wrote nothing.
            assertThat(booking).as("threads told that command %d was booked by their call", c).isPositive();
        }
        assertThat(booked).hasSize(expectedEvents);
    }

    @Test
    default void aCommandSentAgainAfterARestartIsRecognisedByTheNewStoreInstance() {
        String stream = newStream("tally");
        String commandId = newCommandId();
        CommandResult<Total, Added> first = tallies().handle(stream, new Add(7, 2),
                EventMetadata.forCommand(commandId));
        tallies().handle(stream, new Add(1), EventMetadata.forCommand(newCommandId()));

        TransactionalEventStore<T> restarted = restart();
        CommandResult<Total, Added> repeat = Tally.handler(restarted).build().handle(stream, new Add(7, 2),
                EventMetadata.forCommand(commandId));

        assertRepeatOf(first, repeat);
        assertThat(restarted.streamVersion(stream)).isEqualTo(3);
    }

    @Test
    default void aSecondStoreInstanceRecognisesTheFirstsCommand() {
        String stream = newStream("tally");
        String commandId = newCommandId();
        CommandResult<Total, Added> first = tallies().handle(stream, new Add(3), EventMetadata.forCommand(commandId));

        CommandResult<Total, Added> repeat = Tally.handler(openSecond()).build().handle(stream, new Add(3),
                EventMetadata.forCommand(commandId));

        assertRepeatOf(first, repeat);
        assertThat(store().streamVersion(stream)).isEqualTo(1);
    }

    // ---------------------------------------------------------------- other uses of an id

    @Test
    default void theSameIdOnAnotherStreamIsRefusedAndAppendsNothing() {
        String stream = newStream("tally");
        String other = newStream("tally");
        String commandId = newCommandId();
        tallies().handle(stream, new Add(3), EventMetadata.forCommand(commandId));
        StoreState before = storeState();

        assertThatThrownBy(() -> tallies().handle(other, new Add(3), EventMetadata.forCommand(commandId)))
                .isInstanceOfSatisfying(CommandIdConflictException.class, e -> {
                    assertThat(e.commandId()).isEqualTo(commandId);
                    assertThat(e.streamId()).isEqualTo(other);
                })
                .hasMessageContaining(commandId).hasMessageContaining(stream);

        assertUnchanged(before, other, 0);
        assertThat(store().streamVersion(stream)).isEqualTo(1);
    }

    @Test
    default void theSameIdWithADifferentCommandIsRefusedAndAppendsNothing() {
        String stream = newStream("tally");
        String commandId = newCommandId();
        tallies().handle(stream, new Add(3), EventMetadata.forCommand(commandId));
        StoreState before = storeState();

        assertThatThrownBy(() -> tallies().handle(stream, new Add(4), EventMetadata.forCommand(commandId)))
                .isInstanceOf(CommandIdConflictException.class).hasMessageContaining(commandId);
        assertThatThrownBy(() -> tallies().handle(stream, new Add(3, 2), EventMetadata.forCommand(commandId)))
                .isInstanceOf(CommandIdConflictException.class);

        assertUnchanged(before, stream, 1);
    }

    @Test
    default void aCommandWithoutAnIdIsBookedEachTime() {
        String stream = newStream("tally");
        CommandHandler<Add, Total, Added> tallies = tallies();

        CommandResult<Total, Added> first = tallies.handle(stream, new Add(2));
        CommandResult<Total, Added> second = tallies.handle(stream, new Add(2));
        CommandResult<Total, Added> third = tallies.handle(stream, new Add(2), EventMetadata.empty());

        assertThat(List.of(first, second, third)).noneMatch(CommandResult::alreadyHandled);
        assertThat(third.version()).isEqualTo(3);
        assertThat(tallies.load(stream).state()).isEqualTo(new Total(6, 3));
    }

    @Test
    default void aRejectedCommandLeavesNoRecordAndIsDecidedAgainWhenSentAgain() {
        String stream = newStream("tally");
        String commandId = newCommandId();
        CommandHandler<Add, Total, Added> tallies = tallies();

        assertThatThrownBy(() -> tallies.handle(stream, new Add(-1), EventMetadata.forCommand(commandId)))
                .isInstanceOf(CommandRejectedException.class);
        assertThatThrownBy(() -> tallies.handle(stream, new Add(-1), EventMetadata.forCommand(commandId)))
                .isInstanceOf(CommandRejectedException.class);
        CommandResult<Total, Added> empty = tallies.handle(stream, new Add(1, 0), EventMetadata.forCommand(commandId));

        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.alreadyHandled()).isFalse();
        assertThat(store().streamVersion(stream)).isZero();
    }

    // ---------------------------------------------------------------- inside a transaction

    @Test
    default void aCommandHandledInsideATransactionCommitsOrRollsBackWithIt() {
        CommandHandler<Add, Total, Added> tallies = tallies();
        String stream = newStream("tally");
        String rolledBack = newCommandId();
        String committed = newCommandId();
        String checkpoint = "tally-import-" + UUID.randomUUID();

        assertThatThrownBy(() -> store().inTransaction(tx -> {
            tallies.within(tx).handle(stream, new Add(5), EventMetadata.forCommand(rolledBack));
            store().checkpointStore().within(tx).save(checkpoint, 1);
            throw new IllegalStateException("the import line is bad");
        })).hasMessage("the import line is bad");
        assertThat(store().streamVersion(stream)).isZero();
        assertThat(store().readEvent(CommandHandler.eventId(rolledBack, 0))).isEmpty();
        assertThat(store().checkpointStore().load(checkpoint)).isZero();

        CommandResult<Total, Added> inside = store().inTransaction(tx -> {
            CommandResult<Total, Added> first = tallies.within(tx).handle(stream, new Add(5),
                    EventMetadata.forCommand(committed));
            // The transaction sees its own command: a copy inside it is a repeat.
            assertRepeatOf(first, tallies.within(tx).handle(stream, new Add(5), EventMetadata.forCommand(committed)));
            store().checkpointStore().within(tx).save(checkpoint, 2);
            return first;
        });
        assertThat(inside.alreadyHandled()).isFalse();
        assertThat(store().streamVersion(stream)).isEqualTo(1);
        assertThat(store().checkpointStore().load(checkpoint)).isEqualTo(2);

        // The command rolled back was never booked: sent again, it is new.
        CommandResult<Total, Added> retried = tallies.handle(stream, new Add(5), EventMetadata.forCommand(rolledBack));
        assertThat(retried.alreadyHandled()).isFalse();
        assertRepeatOf(inside, tallies.handle(stream, new Add(5), EventMetadata.forCommand(committed)));
        assertThat(store().streamVersion(stream)).isEqualTo(2);
    }

    @Test
    default void aCopySentWhileTheFirstIsInAnOpenTransactionIsBookedOnce() throws Exception {
        CommandHandler<Add, Total, Added> tallies = tallies();
        String stream = newStream("tally");
        String commandId = newCommandId();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<CommandResult<Total, Added>> copy;
            CommandResult<Total, Added> first;
            try (EventTransaction tx = store().beginTransaction()) {
                first = tallies.within(tx).handle(stream, new Add(9, 2), EventMetadata.forCommand(commandId));
                copy = other.submit(() -> tallies.handle(stream, new Add(9, 2), EventMetadata.forCommand(commandId)));
                tx.commit();
            }
            CommandResult<Total, Added> second = copy.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

            assertThat(second.events()).isEqualTo(first.events());
            assertThat(second.version()).isEqualTo(first.version());
            assertThat(second.lastPosition()).isEqualTo(first.lastPosition());
            assertThat(store().streamVersion(stream)).isEqualTo(2);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    default void snapshotsTakenInsideATransactionCommitOrRollBackWithIt() {
        CommandHandler<Add, Total, Added> tallies = Tally.handler(store())
                .snapshots(store().snapshotStore(), SnapshotPolicy.everyEvents(2), Total.class, 1)
                .build();
        String stream = newStream("tally");

        assertThatThrownBy(() -> store().inTransaction(tx -> {
            tallies.within(tx).handle(stream, new Add(1, 2), EventMetadata.forCommand(newCommandId()));
            assertThat(store().snapshotStore().within(tx).load(stream)).as("inside, before the rollback")
                    .isPresent();
            throw new IllegalStateException("rolled back");
        })).hasMessage("rolled back");
        assertThat(store().snapshotStore().load(stream)).isEmpty();

        store().inTransaction(tx -> tallies.within(tx).handle(stream, new Add(1, 2),
                EventMetadata.forCommand(newCommandId())));
        assertThat(store().snapshotStore().load(stream).orElseThrow().version()).isEqualTo(2);

        String repeated = newCommandId();
        CommandResult<Total, Added> first = tallies.handle(stream, new Add(3, 2), EventMetadata.forCommand(repeated));
        assertThat(store().snapshotStore().load(stream).orElseThrow().version()).isEqualTo(4);
        // A repeat folds the state as of the first handling, whatever snapshot came since.
        tallies.handle(stream, new Add(10, 2));
        assertThat(store().snapshotStore().load(stream).orElseThrow().version()).isEqualTo(6);
        CommandResult<Total, Added> repeat = store().inTransaction(tx -> tallies.within(tx).handle(stream,
                new Add(3, 2), EventMetadata.forCommand(repeated)));
        assertRepeatOf(first, repeat);
        assertThat(repeat.state()).isEqualTo(new Total(8, 4));
        assertThat(tallies.load(stream).state()).isEqualTo(new Total(28, 6));
    }
}
