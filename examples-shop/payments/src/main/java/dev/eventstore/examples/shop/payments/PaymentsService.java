package dev.eventstore.examples.shop.payments;

import dev.eventstore.EventFilter;
import dev.eventstore.http.CommandEndpoint;
import dev.eventstore.http.CommandReply;
import dev.eventstore.http.CommandRequest;
import dev.eventstore.http.FeedPublisher;
import dev.eventstore.http.HttpService;
import dev.eventstore.http.QueryEndpoint;
import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransaction;
import dev.eventstore.reactor.Reactor;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The payments service as a running service: its HTTP API, its feed, its publisher and the card
 * gateway, over its own store.
 *
 * <pre>
 * POST /payments                     {commandId, paymentId, orderId, amount, cardNumber}  answered 202:
 *                                    the gateway's answer comes later, on the feed
 * POST /payments/{id}/capture        {commandId}     (also /refund, /void)
 * GET  /payments, /payments/{id}, /totals, /status
 * GET  /gateway/cards                the card numbers to try each of the simulated gateway's answers with
 * GET  /feed?after=&amp;limit=&amp;wait=        the public contract ({@link PaymentsContract})
 * </pre>
 */
public final class PaymentsService {

    private final Payments payments;

    private PaymentsService(Payments payments) {
        this.payments = payments;
    }

    /**
     * Starts the payments service; asks the gateway again for every payment left waiting by the last run.
     *
     * @param store its own store; stays the caller's to close, after this service
     * @param port the HTTP port; 0 for a free one
     * @param settings how the simulated gateway behaves
     * @return the running service; closing it stops answering, then the gateway and the publisher
     * @throws IOException if the port cannot be bound
     */
    public static HttpService start(JdbcEventStore store, int port, Settings settings) throws IOException {
        SimulatedGateway gateway = new SimulatedGateway(settings.gatewayDelay(), settings.slowGatewayDelay());
        Payments payments = new Payments(store, gateway);
        PaymentsService api = new PaymentsService(payments);
        Reactor<JdbcTransaction> publisher = PaymentsContract.publish(store);
        HttpService service = HttpService.builder(PaymentsContract.SOURCE, new InetSocketAddress("127.0.0.1", port))
                .feed(FeedPublisher.builder(store, PaymentsContract.SOURCE,
                        EventFilter.category(PaymentsContract.CATEGORY)).build())
                .endpoint("/payments", QueryEndpoint.builder()
                        .get("", query -> payments.payments().stream().map(payment -> view(payment, null)).toList())
                        .get("{paymentId}", query -> view(payments.payment(query.path("paymentId")), null))
                        .commands(CommandEndpoint.of(api::command))
                        .build())
                .endpoint("/gateway", QueryEndpoint.builder().get("cards", query -> gateway.testCards()).build())
                .endpoint("/totals", QueryEndpoint.of(query -> payments.totals()))
                .status(status -> status.head(store).metrics(Metrics.globalRegistry).reactor(publisher))
                .closing(publisher)
                .closing(payments)
                .start();
        payments.resumePending();
        return service;
    }

    /** POST /payments, /payments/{id}/capture, /refund, /void. */
    private CommandReply command(CommandRequest request) {
        List<String> path = request.path();
        if (path.isEmpty()) {
            Authorise authorise = request.bodyAs(Authorise.class);
            Payments.Result result = payments.authorise(request.commandId(), authorise.paymentId(),
                    authorise.orderId(), authorise.amount(), authorise.cardNumber());
            return CommandReply.accepted(view(result.payment(), result.alreadyHandled()));
        }
        if (path.size() != 2) {
            throw new ResourceNotFoundException("no command at /payments/" + String.join("/", path));
        }
        Payments.Result result;
        switch (path.get(1)) {
            case "capture":
                result = payments.capture(request.commandId(), path.get(0));
                break;
            case "refund":
                result = payments.refund(request.commandId(), path.get(0));
                break;
            case "void":
                result = payments.voidPayment(request.commandId(), path.get(0));
                break;
            default:
                throw new ResourceNotFoundException("no command at /payments/" + String.join("/", path));
        }
        return CommandReply.ok(view(result.payment(), result.alreadyHandled()));
    }

    private static Map<String, Object> view(Payment payment, Boolean alreadyHandled) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("paymentId", payment.paymentId());
        json.put("orderId", payment.orderId());
        json.put("amount", payment.amount());
        json.put("cardLast4", payment.cardLast4());
        json.put("status", payment.status().toString());
        json.put("captured", payment.captured());
        json.put("refunded", payment.refunded());
        if (payment.declineReason() != null) {
            json.put("declineReason", payment.declineReason());
        }
        if (alreadyHandled != null) {
            json.put("alreadyHandled", alreadyHandled);
        }
        return json;
    }

    /**
     * How the service's simulated card gateway behaves.
     *
     * @param gatewayDelay how long the gateway takes to answer
     * @param slowGatewayDelay how long it takes for the card that answers slowly
     */
    public record Settings(Duration gatewayDelay, Duration slowGatewayDelay) {
        /** @throws IllegalArgumentException naming a delay that is null or negative */
        public Settings {
            if (gatewayDelay == null || gatewayDelay.isNegative()) {
                throw new IllegalArgumentException("gatewayDelay must be 0 or more, was: " + gatewayDelay);
            }
            if (slowGatewayDelay == null || slowGatewayDelay.isNegative()) {
                throw new IllegalArgumentException("slowGatewayDelay must be 0 or more, was: " + slowGatewayDelay);
            }
        }
    }

    /**
     * @param paymentId the payment
     * @param orderId the order
     * @param amount the amount
     * @param cardNumber the card
     */
    record Authorise(String paymentId, String orderId, BigDecimal amount, String cardNumber) {
    }
}
