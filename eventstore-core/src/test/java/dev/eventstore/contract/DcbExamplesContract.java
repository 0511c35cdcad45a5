package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstore.AppendCondition;
import dev.eventstore.AppendConditionFailedException;
import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.QueryItem;
import dev.eventstore.RecordedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two examples of the DCB specification's site (dcb.events), written as a user of this library would
 * write them, each decision read with {@code readLast}: only the newest matching event, never the whole
 * history. The streams are random, so that only the append condition keeps each rule; with racing
 * writers, the rule holds every time.
 *
 * <ul>
 *   <li><b>Invoice numbers</b>: each invoice gets the next number, without gaps or duplicates. The
 *       decision needs only the last {@code InvoiceCreated}.</li>
 *   <li><b>Unique usernames</b>: a name can be claimed while no account holds it; an account that
 *       changes its name or closes frees the old one. The decision needs only the newest event that
 *       mentions the name.</li>
 * </ul>
 */
public interface DcbExamplesContract extends StoreFixture {

    /** Racing writers per example. */
    int WRITERS = 4;

    /** Invoices each racing writer creates. */
    int INVOICES_PER_WRITER = 12;

    /** Attempts a writer makes before it gives up: far more than any race here needs. */
    int ATTEMPTS = 10_000;

    // ---------------------------------------------------------------- invoice numbers

    private static Query invoices() {
        return Query.of(QueryItem.types("InvoiceCreated"));
    }

    private long number(RecordedEvent invoice) {
        return json(invoice.data()).get("number").asLong();
    }

    /**
     * Creates an invoice with the next number: reads the last invoice, decides, appends on the condition
     * that no invoice was created since; on a conflict, reads again.
     *
     * @return the invoice's number
     */
    private long createInvoice(String customer) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<RecordedEvent> last = store().readLast(invoices());
            long next = last.map(this::number).orElse(0L) + 1;
            EventData created = EventData.of("InvoiceCreated",
                    "{\"number\":" + next + ",\"customer\":\"" + customer + "\"}").withTags("customer:" + customer);
            try {
                store().append(newStream("invoice"), ExpectedVersion.noStream(), List.of(created),
                        AppendCondition.noneMatchingAfter(invoices(), last.map(RecordedEvent::position).orElse(0L)));
                return next;
            } catch (AppendConditionFailedException taken) {
                // Another invoice was created since the read: read again.
            }
        }
        throw new AssertionError("no invoice number after " + ATTEMPTS + " attempts");
    }

    @Test
    default void invoiceNumbersFollowTheLastInvoice() {
        assertThat(store().readLast(invoices())).isEmpty();
        assertThat(createInvoice("acme")).isEqualTo(1);
        append(newStream("order"), event("OrderPlaced"));
        assertThat(createInvoice("globex")).isEqualTo(2);
        assertThat(createInvoice("acme")).isEqualTo(3);

        RecordedEvent last = store().readLast(invoices()).orElseThrow();
        assertThat(number(last)).isEqualTo(3);
        assertThat(json(last.data()).get("customer").asText()).isEqualTo("acme");
        assertThat(store().readLast(Query.of(QueryItem.types("InvoiceCreated").withTags("customer:globex"))))
                .map(this::number).contains(2L);
    }

    @Test
    default void racingInvoiceWritersNeitherShareNorSkipANumber() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            CyclicBarrier start = new CyclicBarrier(WRITERS);
            List<Future<List<Long>>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                String customer = "customer" + w;
                writers.add(pool.submit(() -> {
                    start.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    List<Long> numbers = new ArrayList<>();
                    for (int i = 0; i < INVOICES_PER_WRITER; i++) {
                        numbers.add(createInvoice(customer));
                    }
                    return numbers;
                }));
            }
            List<Long> handedOut = new ArrayList<>();
            for (Future<List<Long>> writer : writers) {
                handedOut.addAll(writer.get(TIMEOUT.toMillis() * 6, TimeUnit.MILLISECONDS));
            }
            int total = WRITERS * INVOICES_PER_WRITER;
            List<Long> expected = java.util.stream.LongStream.rangeClosed(1, total).boxed().toList();
            assertThat(handedOut).as("numbers the writers were given").hasSize(total)
                    .containsExactlyInAnyOrderElementsOf(expected);
            List<RecordedEvent> log = store().read(invoices(), 0, Long.MAX_VALUE).toList();
            assertThat(log.stream().map(this::number).toList()).as("numbers in the order of the log")
                    .isEqualTo(expected);
            assertThat(store().readLast(invoices())).map(this::number).contains((long) total);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- unique usernames

    private static Query mentions(String name) {
        return Query.of(QueryItem.types("AccountRegistered", "UsernameChanged", "AccountClosed")
                .withTags("username:" + name));
    }

    /**
     * @return true if the newest event mentioning {@code name} leaves it held by an account
     */
    private boolean held(String name, Optional<RecordedEvent> newest) {
        if (newest.isEmpty()) {
            return false;
        }
        RecordedEvent event = newest.get();
        JsonNode data = json(event.data());
        return switch (event.type()) {
            case "AccountRegistered" -> true;
            case "UsernameChanged" -> data.get("to").asText().equals(name);
            default -> false;
        };
    }

    /**
     * Appends an event that takes a name, if no account holds it: reads the newest event mentioning
     * the name, decides, appends on the condition that none was recorded since; on a conflict, decides
     * again.
     *
     * @return true if appended, false if the name is held
     */
    private boolean takeIfFree(String name, String account, ExpectedVersion expected, EventData taking) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<RecordedEvent> newest = store().readLast(mentions(name));
            if (held(name, newest)) {
                return false;
            }
            long after = newest.map(RecordedEvent::position).orElse(0L);
            try {
                store().append("account-" + account, expected, List.of(taking),
                        AppendCondition.noneMatchingAfter(mentions(name), after));
                return true;
            } catch (AppendConditionFailedException changed) {
                // Someone took or freed the name since the read: decide again.
            }
        }
        throw new AssertionError("could not decide on username " + name + " in " + ATTEMPTS + " attempts");
    }

    /** Registers an account under a name if no account holds it. */
    private boolean register(String account, String name) {
        return takeIfFree(name, account, ExpectedVersion.noStream(),
                EventData.of("AccountRegistered", "{\"username\":\"" + name + "\"}")
                        .withTags("username:" + name, "account:" + account));
    }

    /** Moves an account to a new name if no account holds it; the old name is free again. */
    private boolean changeUsername(String account, String from, String to) {
        return takeIfFree(to, account, ExpectedVersion.streamExists(),
                EventData.of("UsernameChanged", "{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}")
                        .withTags("username:" + from, "username:" + to, "account:" + account));
    }

    @Test
    default void aUsernameIsHeldByOneAccountUntilItChangesOrCloses() {
        String n = Long.toString(UNIQUE.incrementAndGet());
        String alice = "alice" + n;
        String alicia = "alicia" + n;
        assertThat(register("a1-" + n, alice)).isTrue();
        assertThat(register("a2-" + n, alice)).as("a held name").isFalse();

        assertThat(changeUsername("a1-" + n, alice, alicia)).isTrue();
        assertThat(register("a3-" + n, alicia)).as("the new name is held").isFalse();
        assertThat(register("a2-" + n, alice)).as("the old name is free again").isTrue();

        store().append("account-a1-" + n, ExpectedVersion.streamExists(),
                List.of(EventData.of("AccountClosed", "{}").withTags("username:" + alicia, "account:a1-" + n)));
        assertThat(register("a3-" + n, alicia)).as("the name of a closed account").isTrue();
        assertThat(store().read(mentions(alicia), 0, Long.MAX_VALUE).toList()).extracting(RecordedEvent::type)
                .containsExactly("UsernameChanged", "AccountClosed", "AccountRegistered");
    }

    @Test
    default void ofRacingRegistrationsOfOneNameExactlyOneWinsEveryTime() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            for (int round = 0; round < 20; round++) {
                String name = "racer" + UNIQUE.incrementAndGet();
                CyclicBarrier start = new CyclicBarrier(WRITERS);
                List<Future<Boolean>> racers = new ArrayList<>();
                for (int r = 0; r < WRITERS; r++) {
                    String account = name + "-" + r;
                    racers.add(pool.submit(() -> {
                        start.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                        return register(account, name);
                    }));
                }
                int winners = 0;
                for (Future<Boolean> racer : racers) {
                    winners += racer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) ? 1 : 0;
                }
                assertThat(winners).as("accounts registered as %s", name).isEqualTo(1);
                assertThat(store().read(mentions(name), 0, Long.MAX_VALUE).toList()).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
