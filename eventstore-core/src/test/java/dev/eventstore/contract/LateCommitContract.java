package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.AppendCondition;
import dev.eventstore.AppendConditionFailedException;
import dev.eventstore.AppendResult;
import dev.eventstore.EventData;
import dev.eventstore.EventTransaction;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import dev.eventstore.RecordedEvent;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A condition built from the caller's own append ({@code AppendCondition.noneMatchingAfter(query,
 * result)}) against a matching event that another transaction recorded before that append and
 * committed after it: the DCB specification's "the highest position the client was aware of", where the
 * client counts its own append as known.
 *
 * <p>Each test opens a transaction and appends an event in it; the client then appends (unconditionally)
 * and appends again on the condition "nothing matching since my append"; the transaction commits last,
 * before or while the conditional append runs. What a store may do:
 * <ul>
 *   <li>make the client's first append wait for the open transaction (the stores that serialize
 *       writers): the late event then lies below the client's append and was visible when the append
 *       returned, so the condition holds;</li>
 *   <li>or let the first append return while the transaction is open (PostgreSQL, whose positions are
 *       taken when a transaction begins writing, so the late event lands <em>below</em> the client's
 *       append): then the late event is news to the client, and a condition whose query matches it
 *       fails, naming its position.</li>
 * </ul>
 * Either way, no decision is taken on a view that misses an event. The tests run the store's real
 * transactions and threads; none needs a hook of the backend's.
 *
 * @param <T> the store's transaction type
 */
public interface LateCommitContract<T extends EventTransaction> extends TransactionalStoreFixture<T> {

    /** How long the client's first append gets before the test concludes that it waits for the open transaction. */
    long RETURNS_WITHIN_MILLIS = 300;

    /** How long a conditional append gets to reach the store before the late transaction commits under it. */
    long REACHES_THE_STORE_MILLIS = 200;

    /** Where the late transaction commits, relative to the client's conditional append. */
    enum LateCommit {
        /** After the client's first append returned, before its conditional append starts. */
        BEFORE_THE_CONDITIONAL_APPEND,
        /** While the client's conditional append runs (on PostgreSQL it waits for the transaction's lock). */
        WHILE_THE_CONDITIONAL_APPEND_RUNS
    }

    /** What happened, for the assertions. */
    record Outcome(RecordedEvent late, AppendResult own, boolean ownReturnedBeforeTheCommit, Object conditional) {
    }

    private static Query username(String name) {
        return Query.of(QueryItem.types("UsernameClaimed").withTags("username:" + name));
    }

    private EventData claim(String name) {
        return tagged("UsernameClaimed", "username:" + name);
    }

    /**
     * Runs the scenario.
     *
     * @param late the event the late transaction records
     * @param commit when it commits
     * @param conditional the client's conditional append, given the client's own first append; it
     *     returns its result, or throws
     * @return what happened
     */
    private Outcome lateCommit(EventData late, LateCommit commit,
            java.util.function.Function<AppendResult, Callable<Object>> conditional) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            CountDownLatch lateAppended = new CountDownLatch(1);
            CountDownLatch commitNow = new CountDownLatch(1);
            Future<Void> lateWriter = threads.submit(() -> {
                try (T tx = store().beginTransaction()) {
                    tx.append(newStream("user"), ExpectedVersion.any(), List.of(late));
                    lateAppended.countDown();
                    assertThat(commitNow.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
                    tx.commit();
                }
                return null;
            });
            assertThat(lateAppended.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).as("the late append").isTrue();

            Future<AppendResult> first = threads.submit(
                    () -> store().append(newStream("user"), ExpectedVersion.any(), List.of(event("Registered"))));
            AppendResult own = null;
            try {
                own = first.get(RETURNS_WITHIN_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException waitsForTheOpenTransaction) {
                // A store that serializes writers: the first append returns once the transaction ends.
            }
            boolean returnedBeforeTheCommit = own != null;
            Future<Object> second;
            if (returnedBeforeTheCommit && commit == LateCommit.WHILE_THE_CONDITIONAL_APPEND_RUNS) {
                second = threads.submit(conditional.apply(own));
                Thread.sleep(REACHES_THE_STORE_MILLIS);
                commitNow.countDown();
                TransactionalStoreFixture.await(lateWriter);
            } else {
                commitNow.countDown();
                TransactionalStoreFixture.await(lateWriter);
                own = TransactionalStoreFixture.await(first);
                second = threads.submit(conditional.apply(own));
            }
            Object result;
            try {
                result = TransactionalStoreFixture.await(second);
            } catch (AppendConditionFailedException failed) {
                result = failed;
            }
            RecordedEvent recorded = store().readEvent(late.id()).orElseThrow();
            return new Outcome(recorded, own, returnedBeforeTheCommit, result);
        } finally {
            threads.shutdownNow();
            assertThat(threads.awaitTermination(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        }
    }

    /**
     * The assertions every variant shares: if the client's append returned while the late transaction was
     * open, a condition matching the late event fails naming it and writes nothing; otherwise the late
     * event is ordered below the client's append and the condition holds.
     */
    private void assertSeenOrRefused(Outcome outcome, String conditionalStream, boolean lateMatches) {
        if (outcome.ownReturnedBeforeTheCommit() && lateMatches) {
            assertThat(outcome.conditional()).as("a condition from the client's append, after a matching event "
                    + "committed late at %d (client's append at %d)", outcome.late().position(),
                    outcome.own().lastPosition()).isInstanceOf(AppendConditionFailedException.class);
            assertThat(((AppendConditionFailedException) outcome.conditional()).conflictingPosition())
                    .isEqualTo(outcome.late().position());
            assertThat(store().streamVersion(conditionalStream)).as("what the failed append wrote").isZero();
        } else {
            if (!outcome.ownReturnedBeforeTheCommit()) {
                assertThat(outcome.late().position())
                        .as("the late event of a transaction the client's append waited for")
                        .isLessThan(outcome.own().lastPosition());
            }
            assertThat(outcome.conditional()).as("the conditional append").isInstanceOf(AppendResult.class);
            assertThat(store().streamVersion(conditionalStream)).isEqualTo(1);
        }
    }

    /** The client claims a name on the condition "no claim since my append"; a claim of it commits late. */
    private void aLateClaim(LateCommit commit) throws Exception {
        String name = "late-" + UNIQUE.incrementAndGet();
        String stream = newStream("user");
        Outcome outcome = lateCommit(claim(name), commit,
                own -> () -> store().append(stream, ExpectedVersion.any(), List.of(claim(name)),
                        AppendCondition.noneMatchingAfter(username(name), own)));
        assertSeenOrRefused(outcome, stream, true);
    }

    @Test
    default void aMatchingEventCommittedLateBeforeTheConditionalAppendIsNotMissed() throws Exception {
        aLateClaim(LateCommit.BEFORE_THE_CONDITIONAL_APPEND);
    }

    @Test
    default void aMatchingEventCommittedLateWhileTheConditionalAppendRunsIsNotMissed() throws Exception {
        aLateClaim(LateCommit.WHILE_THE_CONDITIONAL_APPEND_RUNS);
    }

    @Test
    default void aConditionalAppendRefusedInATransactionLeavesItUsable() throws Exception {
        String name = "late-" + UNIQUE.incrementAndGet();
        String stream = newStream("user");
        String noted = newStream("note");
        Outcome outcome = lateCommit(claim(name), LateCommit.WHILE_THE_CONDITIONAL_APPEND_RUNS,
                own -> () -> store().inTransaction(tx -> {
                    try {
                        return tx.append(stream, ExpectedVersion.any(), List.of(claim(name)),
                                AppendCondition.noneMatchingAfter(username(name), own));
                    } catch (AppendConditionFailedException refused) {
                        return tx.append(noted, ExpectedVersion.noStream(), List.of(event("ClaimRefused")));
                    }
                }));
        if (outcome.ownReturnedBeforeTheCommit()) {
            assertThat(store().streamVersion(stream)).as("the refused claim").isZero();
            assertThat(store().streamVersion(noted)).as("what the transaction appended after it").isEqualTo(1);
        } else {
            assertThat(store().streamVersion(stream)).isEqualTo(1);
            assertThat(store().streamVersion(noted)).isZero();
        }
    }

    @Test
    default void anEventCommittedLateThatDoesNotMatchDoesNotFailTheCondition() throws Exception {
        String name = "late-" + UNIQUE.incrementAndGet();
        String stream = newStream("user");
        // Same tag, other type: a writer the conditional append may have to wait for, but no conflict.
        Outcome outcome = lateCommit(tagged("UsernameReserved", "username:" + name),
                LateCommit.WHILE_THE_CONDITIONAL_APPEND_RUNS,
                own -> () -> store().append(stream, ExpectedVersion.any(), List.of(claim(name)),
                        AppendCondition.noneMatchingAfter(username(name), own)));
        assertSeenOrRefused(outcome, stream, false);
        assertThat(store().read(username(name), 0, Long.MAX_VALUE).toList()).hasSize(1);
    }
}
