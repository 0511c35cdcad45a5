package dev.eventstore.examples.shop.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.examples.shop.shipping.Shipment.Status;
import dev.eventstore.examples.shop.shipping.ShipmentEvent.Parcel;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransaction;
import dev.eventstore.reactor.Reactor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dispatch as a durable deadline, on a SQLite file. */
class ShippingTest {

    @TempDir
    Path directory;

    @Test
    void aShipmentLeavesAfterTheDelayEvenAcrossARestart() throws Exception {
        Path file = directory.resolve("shipping.db");
        Carrier carrier = new Carrier("1 Nowhere Lane");
        try (JdbcEventStore store = JdbcEventStore.sqlite(file).build()) {
            Shipping shipping = new Shipping(store, Duration.ofMillis(400), Clock.systemUTC());
            Reactor<JdbcTransaction> dispatcher = shipping.dispatcher(store, carrier);
            shipping.request("c1", "o1", "12 Main St", List.of(new Parcel("MUG", 2)));
            shipping.request("c2", "o2", "1 Nowhere Lane", List.of(new Parcel("MUG", 1)));
            shipping.request("c3", "o3", "12 Main St", List.of(new Parcel("TEA", 1)));
            assertThat(shipping.cancel("c4", "o3").shipment().status()).isEqualTo(Status.CANCELLED);
            dispatcher.awaitCaughtUp(Duration.ofSeconds(10));
            dispatcher.close(); // the process dies before the carrier comes
        }
        try (JdbcEventStore store = JdbcEventStore.sqlite(file).build()) {
            Shipping shipping = new Shipping(store, Duration.ofMillis(400), Clock.systemUTC());
            try (Reactor<JdbcTransaction> dispatcher = shipping.dispatcher(store, carrier)) {
                await(() -> shipping.shipment("o1").status() == Status.DISPATCHED);
                await(() -> shipping.shipment("o2").status() == Status.FAILED);
                assertThat(shipping.shipment("o3").status()).isEqualTo(Status.CANCELLED);
                assertThat(shipping.unitsDispatched()).containsExactly(java.util.Map.entry("MUG", 2L));
                assertThat(store.readStream(Shipping.stream("o1")).count()).isEqualTo(2);
            }
        }
    }

    @Test
    void aRequestSentAgainLaterIsTheSameRequest() throws Exception {
        try (JdbcEventStore store = JdbcEventStore.sqlite(directory.resolve("again.db")).build()) {
            java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(0);
            Clock moving = new Clock() {
                @Override
                public java.time.ZoneId getZone() {
                    return java.time.ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public java.time.Instant instant() {
                    return java.time.Instant.ofEpochSecond(1_000_000 + now.getAndAdd(5));
                }
            };
            Shipping shipping = new Shipping(store, Duration.ofSeconds(1), moving);
            Shipping.Result first = shipping.request("c1", "o1", "12 Main St", List.of(new Parcel("MUG", 2)));
            Shipping.Result again = shipping.request("c1", "o1", "12 Main St", List.of(new Parcel("MUG", 2)));
            assertThat(first.alreadyHandled()).isFalse();
            assertThat(again.alreadyHandled()).as("sent again 5 s later, with the same command id").isTrue();
            assertThat(again.shipment().dispatchAt()).isEqualTo(first.shipment().dispatchAt());
            assertThat(store.readStream(Shipping.stream("o1")).count()).isEqualTo(1);
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the condition did not hold within 15 s");
            }
            Thread.sleep(20);
        }
    }
}
