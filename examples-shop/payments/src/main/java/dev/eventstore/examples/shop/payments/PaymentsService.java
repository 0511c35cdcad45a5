package dev.eventstore.examples.shop.payments;

import com.sun.net.httpserver.HttpServer;
import dev.eventstore.EventFilter;
import dev.eventstore.http.CommandEndpoint;
import dev.eventstore.http.CommandReply;
import dev.eventstore.http.CommandRequest;
import dev.eventstore.http.FeedPublisher;
import dev.eventstore.http.HttpServers;
import dev.eventstore.http.QueryEndpoint;
import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.http.StatusEndpoint;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.jdbc.JdbcTransaction;
import dev.eventstore.reactor.Reactor;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
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
 * GET  /feed?after=&amp;limit=&amp;wait=        the public contract ({@link PaymentsContract})
 * </pre>
 *
 * Settings: {@code gateway-delay-ms} (default 200), {@code slow-gateway-delay-ms} (default 10000).
 */
public final class PaymentsService implements AutoCloseable {

    private final Payments payments;
    private final HttpServer server;
    private final FeedPublisher feed;
    private final Reactor<JdbcTransaction> publisher;

    private PaymentsService(JdbcEventStore store, int port, Map<String, String> settings) throws IOException {
        this.payments = new Payments(store, new SimulatedGateway(
                Duration.ofMillis(millis(settings, "gateway-delay-ms", 200)),
                Duration.ofMillis(millis(settings, "slow-gateway-delay-ms", 10_000))));
        this.publisher = PaymentsContract.publish(store);
        this.feed = FeedPublisher.builder(store, PaymentsContract.SOURCE,
                EventFilter.category(PaymentsContract.CATEGORY)).build();
        this.server = HttpServers.create(new InetSocketAddress("127.0.0.1", port));
        server.createContext("/feed", feed);
        server.createContext("/payments", QueryEndpoint.builder()
                .get("", query -> payments.payments().stream().map(payment -> view(payment, null)).toList())
                .get("{paymentId}", query -> view(payments.payment(query.path("paymentId")), null))
                .commands(CommandEndpoint.of(this::command))
                .build());
        server.createContext("/totals", QueryEndpoint.of(query -> payments.totals()));
        server.createContext("/status", StatusEndpoint.builder("payments").head(store).reactor(publisher).build());
        server.start();
        payments.resumePending();
    }

    /**
     * Starts the payments service; asks the gateway again for every payment left waiting by the last run.
     *
     * @param store its own store; stays the caller's to close, after this service
     * @param port the HTTP port; 0 for a free one
     * @param peers the other services' addresses: payments needs none
     * @param settings {@code gateway-delay-ms}, {@code slow-gateway-delay-ms}
     * @return the running service
     * @throws IOException if the port cannot be bound
     * @throws IllegalArgumentException naming a bad setting
     */
    public static PaymentsService start(JdbcEventStore store, int port, Map<String, URI> peers,
            Map<String, String> settings) throws IOException {
        return new PaymentsService(store, port, settings);
    }

    /** @return the port it listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops answering, then the gateway and the publisher; the store stays open. */
    @Override
    public void close() {
        HttpServers.stop(server);
        feed.close();
        payments.close();
        publisher.close();
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

    static long millis(Map<String, String> settings, String key, long defaultValue) {
        String value = settings.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            long millis = Long.parseLong(value.trim());
            if (millis >= 0) {
                return millis;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("setting " + key + " must be a number of milliseconds, 0 or more, was: '"
                + value + "'");
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
