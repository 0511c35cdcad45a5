package dev.eventstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.typed.SubjectKey;
import dev.eventstore.typed.SubjectKeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A subject's key is written as the store's writers write: inside the transaction the thread runs on
 * the store (committing and rolling back with it, never waiting for a lock the thread holds), and
 * otherwise queued with the appends, so that keys are made while writers keep the store busy.
 */
public interface SubjectKeysInTransactionsContract {

    /** @return the store under test, open */
    JdbcEventStore store();

    private static String subject() {
        return "c-" + UUID.randomUUID();
    }

    @Test
    default void aKeyMadeInsideATransactionCommitsWithItWithoutWaitingForTheTransactionsOwnLock() {
        SubjectKeyStore keys = store().subjectKeyStore();
        String subject = subject();
        long started = System.nanoTime();

        SubjectKey made = store().inTransaction(tx -> {
            tx.append("customer-" + subject, ExpectedVersion.noStream(), List.of(EventData.of("Registered", "{}")));
            return keys.keyFor(subject);
        });

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no wait for the busy timeout")
                .isLessThan(Duration.ofSeconds(3));
        assertThat(keys.find(subject)).contains(made);
    }

    @Test
    default void aKeyMadeInsideATransactionThatRollsBackIsGoneWithIt() {
        SubjectKeyStore keys = store().subjectKeyStore();
        keys.keyFor(subject()); // the table exists
        String subject = subject();

        try (JdbcTransaction tx = store().beginTransaction()) {
            keys.keyFor(subject);
            // closed without a commit: rolled back
        }

        assertThat(keys.find(subject)).isEmpty();
    }

    @Test
    default void aFirstKeyAskedOutsideATransactionWhileAnotherThreadsTransactionAsksForOneWaitsForNeither()
            throws Exception {
        SubjectKeyStore keys = store().subjectKeyStore();
        String outsideSubject = subject();
        String insideSubject = subject();
        Thread[] asking = new Thread[1];
        ExecutorService other = Executors.newSingleThreadExecutor(task -> asking[0] = new Thread(task));
        try {
            Future<SubjectKey> outside;
            try (JdbcTransaction tx = store().beginTransaction()) {
                // On SQLite the transaction holds the store's write lock: the other thread's first key
                // (and the table) waits for it, and must not hold up this thread's key meanwhile.
                outside = other.submit(() -> keys.keyFor(outsideSubject));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!outside.isDone() && asking[0].getState() != Thread.State.TIMED_WAITING
                        && asking[0].getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                long started = System.nanoTime();
                keys.keyFor(insideSubject);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
                tx.commit();
            }
            assertThat(outside.get(10, TimeUnit.SECONDS)).isNotNull();
            assertThat(keys.find(insideSubject)).isPresent();
            assertThat(keys.find(outsideSubject)).isPresent();
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    default void keysAreMadeWhileWritersKeepTheStoreBusy() throws Exception {
        SubjectKeyStore keys = store().subjectKeyStore();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(2);
        List<Future<Integer>> appended = new ArrayList<>();
        try {
            for (int w = 0; w < 2; w++) {
                String stream = "busy-" + UUID.randomUUID();
                appended.add(writers.submit(() -> {
                    int n = 0;
                    while (writing.get()) {
                        store().inTransaction(tx -> tx.append(stream, ExpectedVersion.any(),
                                List.of(EventData.of("Busy", "{}"), EventData.of("Busy", "{}"))));
                        n++;
                    }
                    return n;
                }));
            }
            List<String> subjects = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String subject = subject();
                keys.keyFor(subject);
                subjects.add(subject);
            }
            writing.set(false);
            for (Future<Integer> writer : appended) {
                assertThat(writer.get(30, TimeUnit.SECONDS)).as("the writers kept writing").isPositive();
            }
            for (String subject : subjects) {
                assertThat(keys.find(subject)).as(subject).isPresent();
            }
        } finally {
            writing.set(false);
            writers.shutdownNow();
        }
    }
}
