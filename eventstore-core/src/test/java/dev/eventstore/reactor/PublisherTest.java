package dev.eventstore.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventData;
import dev.eventstore.EventFilter;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.RetryPolicy;
import dev.eventstore.Subscription;
import dev.eventstore.memory.InMemoryEventStore;
import dev.eventstore.typed.EventMetadata;
import dev.eventstore.typed.EventType;
import dev.eventstore.typed.EventTypes;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A publisher maps a service's internal events to its public contract, once each, in its own store. */
class PublisherTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** The service's internal events: what it keeps to itself (the card number) stays inside. */
    sealed interface PaymentEvent {
        String paymentId();
    }

    @EventType(name = "PaymentRequested")
    record PaymentRequested(String paymentId, String cardNumber, BigDecimal amount) implements PaymentEvent {
    }

    @EventType(name = "PaymentCaptured")
    record PaymentCaptured(String paymentId, BigDecimal amount) implements PaymentEvent {
    }

    /** The public contract, at version 2: its own type names and versions. */
    @EventType(name = "PaymentTaken", version = 2)
    record PaymentTaken(String paymentId, BigDecimal amount) {
    }

    private static final EventTypes INTERNAL = EventTypes.builder().registerSealed(PaymentEvent.class).build();
    private static final EventTypes CONTRACT = EventTypes.builder().register(PaymentTaken.class).build();

    private final InMemoryEventStore store = new InMemoryEventStore();

    @AfterEach
    void close() {
        store.close();
    }

    private Publisher.Builder<?, PaymentEvent> publisher(String name) {
        return Publisher.builder(name, store, INTERNAL, PaymentEvent.class)
                .filter(EventFilter.category("payment"))
                .publish(event -> event instanceof PaymentCaptured captured
                        ? Optional.of(new PaymentTaken(captured.paymentId(), captured.amount())) : Optional.empty(),
                        event -> "public-payment-" + event.paymentId())
                .contract(CONTRACT);
    }

    private void internal(String paymentId, PaymentEvent... events) {
        for (PaymentEvent event : events) {
            store.append("payment-" + paymentId, ExpectedVersion.any(), List.of(INTERNAL.encode(event,
                    EventMetadata.empty())));
        }
    }

    private List<RecordedEvent> published() {
        return store.readCategory("public", 0, 100).toList();
    }

    @Test
    void publishesWhatTheMappingReturnsEncodedWithTheContractAndCausedByTheInternalEvent() throws Exception {
        internal("p1", new PaymentRequested("p1", "4111111111111111", new BigDecimal("8.00")),
                new PaymentCaptured("p1", new BigDecimal("8.00")));
        internal("p2", new PaymentRequested("p2", "4000000000000002", BigDecimal.ONE));

        try (Reactor<?> publisher = publisher("payments-publisher").start()) {
            assertThat(publisher.awaitPosition(store.headPosition(), TIMEOUT)).isTrue();
        }

        List<RecordedEvent> published = published();
        assertThat(published).singleElement().satisfies(event -> {
            assertThat(event.streamId()).isEqualTo("public-payment-p1");
            assertThat(event.type()).isEqualTo("PaymentTaken");
            assertThat(event.data()).isEqualTo("{\"paymentId\":\"p1\",\"amount\":8.00}");
            EventMetadata metadata = EventMetadata.fromJson(event.metadata());
            assertThat(event.metadata()).contains("\"$schemaVersion\":2");
            RecordedEvent cause = store.readStream("payment-p1").toList().get(1);
            assertThat(metadata.causationId()).hasValue(cause.id().toString());
        });
        assertThat(store.readAll(0, 100).map(RecordedEvent::data).toList())
                .filteredOn(data -> data.contains("4111")).as("the card number stays in the internal stream")
                .hasSize(1);
    }

    @Test
    void aPublisherMovedBackPublishesNothingTwice() throws Exception {
        internal("p1", new PaymentCaptured("p1", BigDecimal.TEN));
        internal("p2", new PaymentCaptured("p2", BigDecimal.ONE));
        try (Reactor<?> publisher = publisher("payments-publisher").start()) {
            assertThat(publisher.awaitPosition(store.headPosition(), TIMEOUT)).isTrue();
        }
        store.checkpointStore().save("payments-publisher", 0);
        internal("p3", new PaymentCaptured("p3", BigDecimal.ONE));

        try (Reactor<?> publisher = publisher("payments-publisher").start()) {
            assertThat(publisher.awaitPosition(store.headPosition(), TIMEOUT)).isTrue();
        }

        assertThat(published()).extracting(RecordedEvent::streamId)
                .containsExactly("public-payment-p1", "public-payment-p2", "public-payment-p3");
    }

    @Test
    void anEncoderWritesWhatTheContractAloneDoesNot() throws Exception {
        internal("p1", new PaymentCaptured("p1", BigDecimal.TEN));

        try (Reactor<?> publisher = publisher("payments-publisher")
                .encoder((event, metadata) -> EventData.of("PaymentTaken", "{\"v1\":true}"))
                .start()) {
            assertThat(publisher.awaitPosition(store.headPosition(), TIMEOUT)).isTrue();
        }

        assertThat(published()).singleElement().satisfies(event -> {
            assertThat(event.data()).isEqualTo("{\"v1\":true}");
            assertThat(event.id()).as("the publisher's own id, not the encoder's")
                    .isNotEqualTo(EventData.of("PaymentTaken", "{}").id());
        });
    }

    @Test
    void aMappingThatFailsStopsThePublisherWithoutPublishingPastIt() throws Exception {
        internal("p1", new PaymentCaptured("p1", BigDecimal.TEN));
        internal("p2", new PaymentCaptured("p2", BigDecimal.ONE));

        Reactor<?> publisher = Publisher.builder("payments-publisher", store, INTERNAL, PaymentEvent.class)
                .filter(EventFilter.category("payment"))
                .publish(event -> {
                    if (event.paymentId().equals("p2")) {
                        throw new IllegalStateException("cannot map " + event);
                    }
                    return Optional.of(new PaymentTaken(event.paymentId(), BigDecimal.ZERO));
                }, event -> "public-payment-" + event.paymentId())
                .contract(CONTRACT)
                .retry(RetryPolicy.none())
                .start();
        try {
            assertThatThrownBy(() -> publisher.stopped().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .hasRootCauseMessage("cannot map PaymentCaptured[paymentId=p2, amount=1]");
            assertThat(publisher.state()).isEqualTo(Subscription.State.FAILED);
        } finally {
            publisher.close();
        }
        assertThat(published()).extracting(RecordedEvent::streamId).containsExactly("public-payment-p1");
    }

    @Test
    void aPublisherNeedsItsFilterMappingAndContract() {
        assertThatThrownBy(() -> Publisher.builder("p", store, INTERNAL, PaymentEvent.class).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a publisher needs filter(...), publish(...), contract(...) or encoder(...), before it starts");
        assertThatThrownBy(() -> Publisher.builder("p", store, INTERNAL, PaymentEvent.class)
                .filter(EventFilter.category("payment")).contract(CONTRACT).start())
                .hasMessage("a publisher needs publish(...), before it starts");
        assertThatThrownBy(() -> Publisher.builder("", store, INTERNAL, PaymentEvent.class)).hasMessageContaining("name");
        assertThatThrownBy(() -> Publisher.builder("p", store, null, PaymentEvent.class))
                .hasMessage("internal must not be null");
        assertThatThrownBy(() -> publisher("p").publish(null, event -> "s")).hasMessage("toPublic must not be null");
        assertThatThrownBy(() -> publisher("p").contract(null)).hasMessage("contract must not be null");
    }
}
