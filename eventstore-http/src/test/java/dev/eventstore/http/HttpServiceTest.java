package dev.eventstore.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventFilter;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.reactor.Reactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A service's HTTP face: its feed, status and endpoints on one server, closed in order. */
class HttpServiceTest extends InMemoryBackendTest {

    private static final InetSocketAddress ANY_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private static URI uri(HttpService service, String path) {
        return URI.create("http://127.0.0.1:" + service.port() + path);
    }

    @Test
    void servesTheFeedTheStatusAndTheEndpointsOnOneServer() throws Exception {
        TransactionalEventStore<?> store = openStore("payments");
        store.append("public-payment-1", ExpectedVersion.any(), List.of(event("PaymentAuthorised", 1)));
        Reactor<?> publisher = closeLater(Reactor.builder("payments-publisher", store).reaction((e, ctx) -> { })
                .start());
        HttpService service = closeLater(HttpService.builder("payments", ANY_PORT)
                .feed(FeedPublisher.builder(store, "payments", EventFilter.category("public")).build())
                .endpoint("/totals", QueryEndpoint.of(query -> List.of(42)))
                .status(status -> status.head(store).reactor(publisher))
                .start());
        assertThat(publisher.awaitPosition(store.headPosition(), TIMEOUT)).isTrue();

        assertThat(Http.get(uri(service, "/feed")).json().get("entries").get(0).get("source").asText())
                .isEqualTo("payments");
        assertThat(Http.get(uri(service, "/totals")).json()).isEqualTo(Http.json("[42]"));
        assertThat(Http.get(uri(service, "/status")).json()).isEqualTo(Http.json("{\"service\":\"payments\","
                + "\"head\":1,\"reactors\":{\"payments-publisher\":{\"state\":\"LIVE\",\"position\":1}}}"));
        assertThat(service.name()).isEqualTo("payments");
    }

    @Test
    void closesTheServerThenTheFeedThenItsResourcesLastFirstEvenIfOneFails() throws Exception {
        TransactionalEventStore<?> store = openStore("payments");
        FeedPublisher feed = FeedPublisher.builder(store, "payments", EventFilter.all()).build();
        List<String> closed = Collections.synchronizedList(new ArrayList<>());
        HttpService service = HttpService.builder("payments", ANY_PORT)
                .feed(feed)
                .closing(() -> closed.add("publisher"))
                .closing(() -> {
                    closed.add("gateway");
                    throw new IllegalStateException("the gateway would not stop");
                })
                .closing(() -> closed.add("feed of orders"))
                .start();
        URI status = uri(service, "/status");
        assertThat(Http.get(status).status()).isEqualTo(200);

        service.close();
        service.close();

        assertThat(closed).containsExactly("feed of orders", "gateway", "publisher");
        assertThatThrownBy(() -> Http.get(status)).isInstanceOf(UncheckedIOException.class);
        // The feed is closed: served anew, it answers that it is.
        Http.assertProblem(Http.get(serve(java.util.Map.of("/feed", feed)).uri("/feed")), 503);
    }

    @Test
    void aServiceThatCannotStartLeavesNothingRunning() throws Exception {
        TransactionalEventStore<?> store = openStore("payments");
        TestServer taken = serve(java.util.Map.of());
        FeedPublisher feed = FeedPublisher.builder(store, "payments", EventFilter.all()).build();
        List<String> closed = new ArrayList<>();

        assertThatThrownBy(() -> HttpService.builder("payments",
                new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.port()))
                .feed(feed)
                .closing(() -> closed.add("publisher"))
                .start()).isInstanceOf(BindException.class);

        assertThat(closed).containsExactly("publisher");
        Http.assertProblem(Http.get(serve(java.util.Map.of("/feed", feed)).uri("/feed")), 503);
    }

    @Test
    void theBuilderRefusesWhatCannotBeServed() throws IOException {
        HttpService.Builder builder = HttpService.builder("payments", ANY_PORT).endpoint("/payments", exchange -> { });
        for (String path : List.of("/feed", "/status", "payments", "/payments")) {
            assertThatThrownBy(() -> builder.endpoint(path, exchange -> { })).as(path)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageEndingWith("was: " + path);
        }
        TransactionalEventStore<?> store = openStore("payments");
        builder.feed(closeLater(FeedPublisher.builder(store, "payments", EventFilter.all()).build()));
        assertThatThrownBy(() -> builder.feed(FeedPublisher.builder(store, "payments", EventFilter.all()).build()))
                .hasMessageContaining("has a feed already");
        assertThatThrownBy(() -> HttpService.builder("", ANY_PORT)).hasMessageContaining("name");
        assertThatThrownBy(() -> HttpService.builder("payments", null)).hasMessage("address must not be null");
        assertThatThrownBy(() -> builder.closing(null)).hasMessage("resource must not be null");
    }
}
