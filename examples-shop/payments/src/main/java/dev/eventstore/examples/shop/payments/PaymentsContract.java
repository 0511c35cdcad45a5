package dev.eventstore.examples.shop.payments;

import dev.eventstore.EventFilter;
import dev.eventstore.EventTransaction;
import dev.eventstore.RetryPolicy;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.reactor.Publisher;
import dev.eventstore.reactor.Reactor;
import dev.eventstore.typed.EventType;
import dev.eventstore.typed.EventTypes;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * The payments service's public contract: the integration events other services may read from its
 * feed, separate from the internal {@link PaymentEvent}s (which hold card numbers, and never leave).
 * Each type and version has a published example in {@code src/main/contract/<Type>.v<version>.json}.
 */
public final class PaymentsContract {

    /** The name of the reactor that publishes the contract, which is also its checkpoint's. */
    public static final String PUBLISHER = "payments-publisher";

    /** The feed's {@code source}. */
    public static final String SOURCE = "payments";

    /** The category of the streams holding the published events, which the feed serves. */
    public static final String CATEGORY = "public";

    /** The registry of the public events, at their current versions. */
    public static final EventTypes TYPES = EventTypes.builder()
            .register(PaymentAuthorised.class)
            .register(PaymentDeclined.class)
            .register(PaymentCaptured.class)
            .register(PaymentRefunded.class)
            .register(PaymentVoided.class)
            .build();

    private PaymentsContract() {
    }

    /**
     * @param event an internal event
     * @return what is published for it; empty if nothing (a request for authorisation is private)
     */
    public static Optional<Object> toPublic(PaymentEvent event) {
        if (event instanceof PaymentEvent.PaymentAuthorised e) {
            return Optional.of(new PaymentAuthorised(e.paymentId(), e.orderId(), e.amount()));
        }
        if (event instanceof PaymentEvent.PaymentDeclined e) {
            return Optional.of(new PaymentDeclined(e.paymentId(), e.orderId(), e.reason()));
        }
        if (event instanceof PaymentEvent.PaymentCaptured e) {
            return Optional.of(new PaymentCaptured(e.paymentId(), e.orderId(), e.amount()));
        }
        if (event instanceof PaymentEvent.PaymentRefunded e) {
            return Optional.of(new PaymentRefunded(e.paymentId(), e.orderId(), e.amount()));
        }
        if (event instanceof PaymentEvent.PaymentVoided e) {
            return Optional.of(new PaymentVoided(e.paymentId(), e.orderId(), e.amount()));
        }
        return Optional.empty();
    }

    /**
     * @param paymentId the payment an event is about
     * @return the stream its public events go to
     */
    public static String stream(String paymentId) {
        return CATEGORY + "-payment-" + paymentId;
    }

    /**
     * Starts publishing the contract: a {@link Publisher} maps each internal event to its public event
     * in the transaction of its checkpoint, so each is published once, with no outbox.
     *
     * @param store the payments service's store
     * @param <T> its transaction type
     * @return the running publisher; close it before the store
     */
    public static <T extends EventTransaction> Reactor<T> publish(TransactionalEventStore<T> store) {
        return Publisher.builder(PUBLISHER, store, Payments.TYPES, PaymentEvent.class)
                .filter(EventFilter.category("payment"))
                .publish(PaymentsContract::toPublic, event -> stream(event.paymentId()))
                .contract(TYPES)
                .retry(RetryPolicy.forever(Duration.ofMillis(100), Duration.ofSeconds(2)))
                .start();
    }

    /**
     * The amount is held on the customer's card.
     *
     * @param paymentId the payment
     * @param orderId the order
     * @param amount the amount held
     */
    @EventType(name = "PaymentAuthorised")
    public record PaymentAuthorised(String paymentId, String orderId, BigDecimal amount) {
    }

    /**
     * The card was declined; nothing is held.
     *
     * @param paymentId the payment
     * @param orderId the order
     * @param reason the gateway's reason
     */
    @EventType(name = "PaymentDeclined")
    public record PaymentDeclined(String paymentId, String orderId, String reason) {
    }

    /**
     * The customer is charged.
     *
     * @param paymentId the payment
     * @param orderId the order
     * @param amount the amount charged
     */
    @EventType(name = "PaymentCaptured")
    public record PaymentCaptured(String paymentId, String orderId, BigDecimal amount) {
    }

    /**
     * The charge was paid back.
     *
     * @param paymentId the payment
     * @param orderId the order
     * @param amount the amount paid back
     */
    @EventType(name = "PaymentRefunded")
    public record PaymentRefunded(String paymentId, String orderId, BigDecimal amount) {
    }

    /**
     * The hold was released; nothing was charged.
     *
     * @param paymentId the payment
     * @param orderId the order
     * @param amount the amount that was held
     */
    @EventType(name = "PaymentVoided")
    public record PaymentVoided(String paymentId, String orderId, BigDecimal amount) {
    }
}
