package dev.eventstore.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpHandler;
import dev.eventstore.EventStore;
import dev.eventstore.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Sending commands to a real {@link CommandEndpoint} over the JDK server and client. */
class CommandClientTest extends InMemoryBackendTest {

    private static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20));

    /** Counts the requests that reach a handler. */
    private static HttpHandler counting(AtomicInteger requests, HttpHandler handler) {
        return exchange -> {
            requests.incrementAndGet();
            handler.handle(exchange);
        };
    }

    private static URI base(TestServer server) {
        return server.uri("");
    }

    @Test
    void aCommandSentAgainWithItsIdIsBookedOnceAndCountedAsARepeat() throws Exception {
        EventStore store = openStore("stock");
        CommandClient stock = CommandClient.builder(base(serve(Map.of("/stock", Stock.endpoint(store)))))
                .name("stock").build();

        CommandClient.Reply first = stock.send("/stock/apple/receive", "c-1", Map.of("quantity", 5));
        CommandClient.Reply again = stock.send("/stock/apple/receive", "c-1", new Stock.Receive(5));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("onHand").asInt()).isEqualTo(5);
        assertThat(first.alreadyHandled()).isFalse();
        assertThat(first.rejected()).isFalse();
        assertThat(again.alreadyHandled()).isTrue();
        assertThat(store.readStream("stock-apple").count()).isEqualTo(1);
        assertThat(stock.status()).isEqualTo(new CommandClient.Status(false, null, 0, null, 2, 1));
        assertThat(stock.failing()).isFalse();
    }

    @Test
    void aRejectionIsAReplyAndABadCommandFailsAtOnceNamingWhatWasWrong() throws Exception {
        EventStore store = openStore("stock");
        AtomicInteger requests = new AtomicInteger();
        CommandClient stock = CommandClient.builder(base(serve(Map.of("/stock",
                counting(requests, Stock.endpoint(store)))))).name("stock").retry(QUICK).build();
        stock.send("/stock/apple/receive", "c-1", Map.of("quantity", 2));

        CommandClient.Reply rejected = stock.send("/stock/apple/remove", "c-2", Map.of("quantity", 3));
        assertThat(rejected.status()).isEqualTo(422);
        assertThat(rejected.rejected()).isTrue();
        assertThat(rejected.detail()).hasValue("only 2 on hand; cannot remove 3");

        requests.set(0);
        assertThatThrownBy(() -> stock.send("/stock/apple/receive", "c-3", Map.of("quantity", 0)))
                .isInstanceOfSatisfying(CommandSendException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.service()).isEqualTo("stock");
                    assertThat(e.commandId()).isEqualTo("c-3");
                    assertThat(e.getMessage()).isEqualTo("stock answered 400 to POST /stock/apple/receive (command c-3): "
                            + "quantity must be at least 1, was: 0");
                });
        assertThatThrownBy(() -> stock.send("/stock/pear/receive", "c-1", Map.of("quantity", 2)))
                .as("a command id used for another command").isInstanceOfSatisfying(CommandSendException.class,
                        e -> assertThat(e.status()).isEqualTo(409));
        assertThat(requests.get()).as("errors that come again are not sent again").isEqualTo(2);
        assertThat(stock.status().waiting()).isTrue();
        assertThat(stock.status().failures()).isEqualTo(2);
    }

    @Test
    void aServiceThatDoesNotAnswerIsAskedAgainUntilItDoes() throws Exception {
        TestServer probe = TestServer.start(0, Map.of());
        int port = probe.port();
        probe.close();
        CommandClient stock = CommandClient.builder(URI.create("http://127.0.0.1:" + port)).name("stock")
                .retry(QUICK).build();

        assertThatThrownBy(() -> stock.send("/stock/apple/receive", "c-1", Map.of("quantity", 5)))
                .isInstanceOfSatisfying(CommandSendException.class, e -> {
                    assertThat(e.status()).isZero();
                    assertThat(e.uri()).isEqualTo(URI.create("http://127.0.0.1:" + port + "/stock/apple/receive"));
                    assertThat(e.getMessage()).startsWith("stock does not answer POST /stock/apple/receive (command c-1)")
                            .endsWith("; gave up after 3 attempts");
                });
        CommandClient.Status down = stock.status();
        assertThat(down.waiting()).isTrue();
        assertThat(down.failures()).isEqualTo(3);
        assertThat(down.since()).isNotNull();
        assertThat(down.lastError()).startsWith("stock does not answer");

        // The service comes back while a command is being sent again and again.
        EventStore store = openStore("stock");
        CommandClient patient = CommandClient.builder(URI.create("http://127.0.0.1:" + port)).name("stock")
                .retry(new RetryPolicy(100, Duration.ofMillis(20), Duration.ofMillis(50))).build();
        CompletableFuture<CommandClient.Reply> sent = CompletableFuture.supplyAsync(() -> {
            try {
                return patient.send("/stock/apple/receive", "c-2", Map.of("quantity", 5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        awaitTrue(() -> patient.status().failures() >= 2);
        closeLater(TestServer.start(port, Map.of("/stock", Stock.endpoint(store))));

        assertThat(sent.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).body().get("onHand").asInt()).isEqualTo(5);
        assertThat(patient.status().waiting()).isFalse();
        assertThat(patient.status().sent()).isEqualTo(1);
        assertThat(patient.status().lastError()).as("the last error is kept").startsWith("stock does not answer");
        assertThat(store.readStream("stock-apple").count()).isEqualTo(1);
    }

    @Test
    void unavailableAndConcurrencyConflictAnswersAreSentAgainAndBookedOnce() throws Exception {
        EventStore store = openStore("stock");
        CommandEndpoint endpoint = Stock.endpoint(store);
        AtomicInteger requests = new AtomicInteger();
        HttpHandler flaky = exchange -> {
            int request = requests.incrementAndGet();
            if (request == 1) {
                Problems.send(exchange, 503, "starting up");
            } else if (request == 2) {
                Problems.send(exchange, 409, Problems.CONCURRENCY_CONFLICT, "try again", Map.of());
            } else {
                endpoint.handle(exchange);
            }
        };
        CommandClient stock = CommandClient.builder(base(serve(Map.of("/stock", flaky)))).retry(QUICK).build();

        CommandClient.Reply reply = stock.send("/stock/apple/receive", "c-1", Map.of("quantity", 5));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(requests.get()).isEqualTo(3);
        assertThat(stock.status().sent()).isEqualTo(1);
        assertThat(stock.status().lastError()).contains("answered 409").endsWith(": try again");
    }

    @Test
    void aSendWaitingToRetryEndsWhenItsThreadIsInterrupted() throws Exception {
        TestServer probe = TestServer.start(0, Map.of());
        int port = probe.port();
        probe.close();
        CommandClient stock = CommandClient.builder(URI.create("http://127.0.0.1:" + port))
                .retry(new RetryPolicy(10, Duration.ofSeconds(30), Duration.ofSeconds(30))).build();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread sender = new Thread(() -> {
            try {
                stock.send("/stock/apple/receive", "c-1", Map.of());
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        sender.start();
        awaitTrue(stock::failing);

        sender.interrupt();

        assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    }

    @Test
    void badArgumentsAreRefusedNamingThem() {
        for (String bad : List.of("ftp://host", "http:///x", "http://host?a=1", "http://host#x", "host")) {
            assertThatThrownBy(() -> CommandClient.builder(URI.create(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
        }
        CommandClient.Builder builder = CommandClient.builder(URI.create("http://stock:8080"));
        assertThatThrownBy(() -> builder.timeout(Duration.ZERO)).hasMessage("timeout must be above zero, was: PT0S");
        assertThatThrownBy(() -> builder.name(" ")).hasMessageContaining("name");
        CommandClient client = builder.build();
        assertThatThrownBy(() -> client.send("http://elsewhere/stock", "c-1", Map.of()))
                .hasMessage("path must be a path below the service's address, was: \"http://elsewhere/stock\"");
        assertThatThrownBy(() -> client.send("/stock/a b", "c-1", Map.of())).hasMessageContaining("\"/stock/a b\"");
        assertThatThrownBy(() -> client.send("/stock", " ", Map.of())).hasMessageContaining("commandId");
        assertThatThrownBy(() -> client.send("/stock", "c-1", List.of(1)))
                .hasMessage("command must be written as a JSON object, was: [1]");
        assertThatThrownBy(() -> client.send("/stock", "c-1", Map.of("commandId", "c-2")))
                .hasMessage("the command carries commandId \"c-2\", not c-1");
        assertThat(client.status().sent()).isZero();
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("the condition held within %s", TIMEOUT).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
