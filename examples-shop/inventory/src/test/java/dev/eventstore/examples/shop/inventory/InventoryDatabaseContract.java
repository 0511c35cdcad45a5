package dev.eventstore.examples.shop.inventory;

import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.http.InvalidFieldException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransaction;
import dev.eventstore.reactor.Reactor;
import java.time.Duration;
import dev.eventstore.aggregate.CommandIdConflictException;
import dev.eventstore.examples.shop.inventory.Reservation.Status;
import dev.eventstore.examples.shop.inventory.StockEvent.Item;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The inventory on a real database, with real threads: reservations are all or none, stock never
 * goes negative, commands are idempotent. Each database's test class extends this one.
 */
abstract class InventoryDatabaseContract {

    private JdbcEventStore store;
    private Inventory inventory;

    /** @return an empty store of the database under test */
    abstract JdbcEventStore createStore() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = createStore();
        inventory = new Inventory(store);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    @Test
    void eightCustomersRacingForTheLastThreeUnitsGetThreeOfThem() throws Exception {
        inventory.receive("receive-1", "LAMP", 3);
        List<Callable<Reservation>> customers = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            String order = "race-" + i;
            customers.add(() -> inventory.reserve("reserve-" + order, order, List.of(new Item("LAMP", 1)))
                    .reservation());
        }
        List<Reservation> outcomes = runAtOnce(customers);

        assertThat(outcomes).filteredOn(r -> r.status() == Status.RESERVED).hasSize(3);
        assertThat(outcomes).filteredOn(r -> r.status() == Status.REFUSED).hasSize(5)
                .allSatisfy(r -> assertThat(r.shortages()).singleElement()
                        .satisfies(s -> assertThat(s.available()).isZero()));
        assertThat(inventory.stock("LAMP")).isEqualTo(new StockLevel("LAMP", 3, 3, 0));
    }

    @Test
    void ordersOfSeveralSkusAtOnceNeverTakeMoreThanIsOnTheShelf() throws Exception {
        List<String> skus = List.of("A", "B", "C", "D");
        for (String sku : skus) {
            inventory.receive("receive-" + sku, sku, 12);
        }
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> negative = new ConcurrentLinkedQueue<>();
        Thread watcher = new Thread(() -> {
            while (running.get()) {
                inventory.stock().values().stream().filter(l -> l.onHand() < 0)
                        .forEach(l -> negative.add(l.toString()));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5)); // a sample every few ms is enough
            }
        });
        watcher.start();
        List<Callable<List<Reservation>>> customers = new ArrayList<>();
        for (int c = 0; c < 6; c++) {
            int customer = c;
            customers.add(() -> {
                Random random = new Random(customer);
                List<Reservation> mine = new ArrayList<>();
                for (int n = 0; n < 8; n++) {
                    String order = "c" + customer + "-" + n;
                    List<Item> items = new ArrayList<>();
                    for (String sku : skus) {
                        if (random.nextInt(3) == 0) {
                            items.add(new Item(sku, 1 + random.nextInt(3)));
                        }
                    }
                    if (items.isEmpty()) {
                        items.add(new Item(skus.get(random.nextInt(skus.size())), 2));
                    }
                    Reservation reservation = inventory.reserve("reserve-" + order, order, items).reservation();
                    if (reservation.status() == Status.RESERVED && n % 3 == 0) {
                        reservation = inventory.release("release-" + order, order).reservation();
                    } else if (reservation.status() == Status.RESERVED && n % 3 == 1) {
                        reservation = inventory.commit("commit-" + order, order).reservation();
                    }
                    mine.add(reservation);
                }
                return mine;
            });
        }
        List<Reservation> all = new ArrayList<>();
        runAtOnce(customers).forEach(all::addAll);
        running.set(false);
        watcher.join();

        assertThat(negative).as("stock seen below zero").isEmpty();
        Map<String, StockLevel> levels = inventory.stock();
        for (String sku : skus) {
            StockLevel level = levels.get(sku);
            assertThat(level.onHand()).as("on hand of %s", sku).isNotNegative();
            assertThat(level.reserved()).as("reserved of %s", sku).isEqualTo(sum(all, Status.RESERVED, sku));
            assertThat(level.shipped()).as("sold of %s", sku).isEqualTo(sum(all, Status.COMMITTED, sku));
            assertThat(level.onHand() + level.reserved() + level.shipped()).isEqualTo(12);
        }
        assertThat(all).filteredOn(r -> r.status() == Status.REFUSED).as("some orders must have met a shortage")
                .isNotEmpty();
    }

    @Test
    void stockLevelsCountOnlyTheInternalEventsNotTheirPublishedCopies() throws Exception {
        inventory.receive("r1", "MUG", 5);
        inventory.reserve("c1", "o1", List.of(new Item("MUG", 2)));
        inventory.commit("c2", "o1");
        inventory.reserve("c3", "o2", List.of(new Item("MUG", 1)));
        try (Reactor<JdbcTransaction> publisher = InventoryContract.publish(store)) {
            assertThat(publisher.awaitCaughtUp(Duration.ofSeconds(20))).isTrue();
        }
        assertThat(store.readCategory(InventoryContract.CATEGORY, 0, Long.MAX_VALUE).count())
                .as("published: two reservations and a commit").isEqualTo(3);
        assertThat(inventory.stock()).containsExactly(Map.entry("MUG", new StockLevel("MUG", 5, 1, 2)));
        assertThat(inventory.stock("MUG")).isEqualTo(new StockLevel("MUG", 5, 1, 2));
    }

    @Test
    void twoInventoriesOnOneStoreEachSeeWhatTheOtherBooked() {
        // Each instance keeps the stock it folded; it must still read what the other appended since.
        Inventory other = new Inventory(store);
        inventory.receive("r1", "MUG", 5);
        assertThat(inventory.reserve("c1", "o1", List.of(new Item("MUG", 2))).reservation().status())
                .isEqualTo(Status.RESERVED);
        assertThat(other.reserve("c2", "o2", List.of(new Item("MUG", 2))).reservation().status())
                .isEqualTo(Status.RESERVED);

        Reservation refused = inventory.reserve("c3", "o3", List.of(new Item("MUG", 2))).reservation();
        assertThat(refused.status()).as("one mug is left, after the other's reservation").isEqualTo(Status.REFUSED);
        assertThat(refused.shortages()).containsExactly(new StockEvent.Shortage("MUG", 2, 1));

        other.release("c4", "o2");
        other.receive("r2", "MUG", 1);
        other.commit("c5", "o1");
        assertThat(inventory.reserve("c6", "o4", List.of(new Item("MUG", 4))).reservation().status())
                .as("the released two, the one left and the one received").isEqualTo(Status.RESERVED);
        Reservation none = other.reserve("c7", "o5", List.of(new Item("MUG", 1))).reservation();
        assertThat(none.shortages()).containsExactly(new StockEvent.Shortage("MUG", 1, 0));
        assertThat(inventory.stock("MUG")).isEqualTo(new StockLevel("MUG", 6, 4, 2));
    }

    @Test
    void anOrderShortOfOneSkuTakesNoneOfTheOthers() {
        inventory.receive("r1", "MUG", 5);
        inventory.receive("r2", "TEA", 1);
        Reservation refused = inventory.reserve("c1", "o1", List.of(new Item("MUG", 2), new Item("TEA", 2)))
                .reservation();
        assertThat(refused.status()).isEqualTo(Status.REFUSED);
        assertThat(refused.shortages()).containsExactly(new StockEvent.Shortage("TEA", 2, 1));
        assertThat(inventory.stock("MUG").onHand()).isEqualTo(5);
        assertThat(inventory.stock("TEA").onHand()).isEqualTo(1);
    }

    @Test
    void aCommandSentAgainBooksNothingTwice() {
        assertThat(inventory.receive("r1", "MUG", 5)).isTrue();
        assertThat(inventory.receive("r1", "MUG", 5)).as("the same receipt again").isFalse();
        assertThat(inventory.reserve("c1", "o1", List.of(new Item("MUG", 2))).alreadyHandled()).isFalse();
        Inventory.Result again = inventory.reserve("c1", "o1", List.of(new Item("MUG", 2)));
        assertThat(again.alreadyHandled()).isTrue();
        assertThat(again.reservation().status()).isEqualTo(Status.RESERVED);
        assertThat(inventory.commit("c2", "o1").alreadyHandled()).isFalse();
        assertThat(inventory.commit("c2", "o1").alreadyHandled()).isTrue();
        assertThat(inventory.stock("MUG")).isEqualTo(new StockLevel("MUG", 5, 0, 2));

        assertThatThrownBy(() -> inventory.reserve("c1", "o2", List.of(new Item("MUG", 1))))
                .isInstanceOf(CommandIdConflictException.class).hasMessageContaining("c1");
        assertThatThrownBy(() -> inventory.receive("r1", "TEA", 5)).isInstanceOf(CommandIdConflictException.class);
        assertThatThrownBy(() -> inventory.release("c3", "nobody")).isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("no reservation was made for order nobody");
    }

    @Test
    void badInputNamesTheField() {
        assertThatThrownBy(() -> inventory.reserve("c1", "o1", List.of(new Item("MUG", 1), new Item("MUG", 2))))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("items/1/sku")
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo("items/1/sku"));
        assertThatThrownBy(() -> new Item("MUG", 0)).isInstanceOf(InvalidFieldException.class)
                .hasMessage("quantity must be between 1 and 100000, was: 0");
        assertThatThrownBy(() -> inventory.reserve("c1", "o 1", List.of(new Item("MUG", 1))))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("orderId");
    }

    private static long sum(List<Reservation> reservations, Status status, String sku) {
        return reservations.stream().filter(r -> r.status() == status).flatMap(r -> r.items().stream())
                .filter(i -> i.sku().equals(sku)).mapToLong(Item::quantity).sum();
    }

    private static <V> List<V> runAtOnce(List<Callable<V>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<V>> futures = new ArrayList<>();
            for (Callable<V> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<V> results = new ArrayList<>();
            for (Future<V> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
