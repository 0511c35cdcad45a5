package dev.eventstore.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RetryPolicy;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.metrics.MicrometerMetrics;
import dev.eventstore.reactor.Reactor;
import dev.eventstore.spi.AbstractEventStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the status endpoint shows of a service's reactors, feeds and command clients. */
class StatusEndpointTest extends InMemoryBackendTest {

    @Test
    void showsWhatMovesAndWhatWaitsAndWhy() throws Exception {
        TransactionalEventStore<?> store = openStore("orders");
        store.append("order-1", ExpectedVersion.noStream(), List.of(EventData.of("Placed", "{}")));
        Reactor<?> moving = closeLater(Reactor.builder("publisher", store).reaction((event, ctx) -> { }).start());
        Reactor<?> stuck = closeLater(Reactor.builder("to-payments", store).retry(RetryPolicy.none())
                .reaction((event, ctx) -> {
                    throw new IllegalStateException("payments refused");
                }).start());
        List<Reactor<?>> partitions = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            partitions.add(closeLater(Reactor.builder("to-inventory", store).partition(i, 2)
                    .reaction((event, ctx) -> { }).start()));
        }
        assertThat(moving.awaitPosition(store.headPosition(), TIMEOUT)).isTrue();
        for (Reactor<?> partition : partitions) {
            assertThat(partition.awaitPosition(store.headPosition(), TIMEOUT)).isTrue();
        }
        assertThatThrownBy(() -> stuck.stopped().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        TestServer probe = TestServer.start(0, Map.of());
        URI down = probe.uri("");
        probe.close();
        HttpEventFeed payments = closeLater(HttpEventFeed.builder(down.resolve("/feed")).name("payments")
                .longPoll(Duration.ZERO).build());
        assertThatThrownBy(() -> payments.read(0, 10)).isInstanceOf(FeedReadException.class);
        CommandClient paymentsCommands = CommandClient.builder(down).name("payments").retry(RetryPolicy.none()).build();
        assertThatThrownBy(() -> paymentsCommands.send("/payments", "c-1", Map.of()))
                .isInstanceOf(CommandSendException.class);
        List<Reactor<?>> replaced = new ArrayList<>();
        URI status = serve(Map.of("/status", StatusEndpoint.builder("orders")
                .head(store)
                .reactor(moving)
                .reactors(() -> partitions)
                .reactors(() -> replaced)
                .feed(payments)
                .commands(paymentsCommands)
                .member("version", () -> "1.2.3")
                .build())).uri("/status");

        JsonNode answer = Http.get(status).json();

        assertThat(answer.get("service").asText()).isEqualTo("orders");
        assertThat(answer.get("head").asLong()).isEqualTo(1);
        assertThat(answer.get("reactors")).as("the partitions of one name each by its checkpoint's name")
                .isEqualTo(Http.json("{\"publisher\":{\"state\":\"LIVE\",\"position\":1},"
                        + "\"to-inventory#1/2\":{\"state\":\"LIVE\",\"position\":1},"
                        + "\"to-inventory#2/2\":{\"state\":\"LIVE\",\"position\":1}}"));
        assertThat(answer.get("feeds").get("payments").get("waiting").asBoolean()).isTrue();
        assertThat(answer.get("feeds").get("payments").get("lastError").asText())
                .startsWith("Feed payments does not answer at " + down);
        JsonNode commands = answer.get("commands").get("payments");
        assertThat(commands.get("waiting").asBoolean()).isTrue();
        assertThat(commands.get("failures").asInt()).isEqualTo(1);
        assertThat(commands.get("since").asText()).isNotBlank();
        assertThat(commands.get("lastError").asText()).startsWith("payments does not answer POST /payments (command c-1)");
        assertThat(commands.get("sent").asLong()).isZero();
        assertThat(answer.get("version").asText()).isEqualTo("1.2.3");

        replaced.add(stuck);
        JsonNode failed = Http.get(status).json().get("reactors").get("to-payments");
        assertThat(failed.get("state").asText()).isEqualTo("FAILED");
        assertThat(failed.get("failure").asText()).contains("payments refused");
    }

    @Test
    void leavesOutWhatItWasNotGivenAndTakesOnlyGet() {
        StatusEndpoint endpoint = StatusEndpoint.builder("catalog").build();
        URI status = serve(Map.of("/status", endpoint)).uri("/status");
        assertThat(Http.get(status).json()).isEqualTo(Http.json("{\"service\":\"catalog\"}"));
        assertThat(endpoint.status()).isEqualTo(Map.of("service", "catalog"));
        Http.assertProblem(Http.postJson(status, "{}"), 405);
        Http.assertProblem(Http.get(URI.create(status + "/reactors")), 404);
        assertThatThrownBy(() -> StatusEndpoint.builder(" ")).hasMessageContaining("service");
        assertThatThrownBy(() -> StatusEndpoint.builder("catalog").member("head", () -> 1))
                .hasMessage("the status has a member named 'head' already");
        assertThatThrownBy(() -> StatusEndpoint.builder("catalog").reactor(null)).hasMessage("reactor must not be null");
    }

    @Test
    void showsEachConsumersLagAndCountsFromTheMetersItsStoreReportsTo() throws Exception {
        TransactionalEventStore<?> store = openStore("shipping");
        MeterRegistry registry = new SimpleMeterRegistry();
        ((AbstractEventStore) store).metricsListener(new MicrometerMetrics(registry, "shipping"));
        CountDownLatch release = new CountDownLatch(1);
        Reactor<?> shipper = closeLater(Reactor.builder("shipper", store).reaction((event, ctx) -> {
            if (!release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("never released");
            }
        }).start());
        Reactor<?> mailer = closeLater(Reactor.builder("mailer", store)
                .retry(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1)))
                .reaction((event, ctx) -> {
                    throw new IllegalStateException("no mail server");
                }).start());
        for (int i = 1; i <= 3; i++) {
            store.append("parcel-" + i, ExpectedVersion.noStream(), List.of(EventData.of("Packed", "{}")));
        }
        URI status = serve(Map.of("/status", StatusEndpoint.builder("shipping").metrics(registry).build()))
                .uri("/status");
        assertThatThrownBy(() -> mailer.stopped().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));

        JsonNode behind = Http.get(status).json().get("consumers");
        assertThat(behind.get("shipper").get("lagEvents").asLong()).as("held at its first event").isEqualTo(3);
        assertThat(behind.get("mailer").get("failures").asLong()).isEqualTo(1);
        assertThat(behind.get("mailer").get("retries").asLong()).isEqualTo(1);
        assertThat(behind.get("mailer").has("lagEvents")).as("a stopped consumer has no lag").isFalse();

        release.countDown();
        assertThat(shipper.awaitPosition(3, TIMEOUT)).isTrue();
        JsonNode caughtUp = Http.get(status).json().get("consumers").get("shipper");
        assertThat(caughtUp.get("lagEvents").asLong()).isZero();
        assertThat(caughtUp.get("lagMillis").asLong()).isZero();
        assertThat(caughtUp.get("events").asLong()).isEqualTo(3);
    }
}
