package dev.eventstore.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventstore.EventStore;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Idempotent commands over HTTP, with {@link dev.eventstore.aggregate.CommandHandler} behind the endpoint. */
interface CommandContract extends HttpFixture {

    default URI stock(EventStore store) {
        return serve(Map.of("/stock", Stock.endpoint(store))).uri("/stock");
    }

    static URI at(URI stock, String path) {
        return URI.create(stock + path);
    }

    @Test
    default void aCommandSentAgainIsBookedOnce() {
        EventStore store = openStore("stock");
        URI stock = stock(store);
        String receive = "{\"commandId\":\"delivery-1\",\"quantity\":5}";

        Http.Response first = Http.postJson(at(stock, "/apple/receive"), receive);
        Http.Response again = Http.postJson(at(stock, "/apple/receive"), receive);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.contentType()).isEqualTo("application/json");
        assertThat(first.json().get("onHand").asInt()).isEqualTo(5);
        assertThat(first.json().get("alreadyHandled").asBoolean()).isFalse();
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("onHand").asInt()).as("the first result").isEqualTo(5);
        assertThat(again.json().get("alreadyHandled").asBoolean()).isTrue();
        assertThat(store.readStream("stock-apple").toList()).hasSize(1);
    }

    @Test
    default void eightClientsSendingOneCommandAtOnceBookItOnce() throws Exception {
        EventStore store = openStore("stock");
        URI stock = stock(store);
        int clients = 8;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (int round = 0; round < 5; round++) {
                String body = "{\"commandId\":\"delivery-" + UUID.randomUUID() + "\",\"quantity\":3}";
                CyclicBarrier together = new CyclicBarrier(clients);
                List<Future<Http.Response>> sent = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    sent.add(pool.submit(() -> {
                        together.await();
                        return Http.postJson(at(stock, "/pear/receive"), body);
                    }));
                }
                for (Future<Http.Response> response : sent) {
                    Http.Response answer = response.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
                    assertThat(answer.json().get("onHand").asInt()).as("every client gets the one booking's result")
                            .isEqualTo(3 * (round + 1));
                    assertThat(answer.json().get("version").asInt()).isEqualTo(round + 1);
                }
                assertThat(store.readStream("stock-pear").toList()).as("booked once per round").hasSize(round + 1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void aCommandIdReusedForAnotherCommandIsAConflict() {
        EventStore store = openStore("stock");
        URI stock = stock(store);
        Http.postJson(at(stock, "/fig/receive"), "{\"commandId\":\"delivery-7\",\"quantity\":5}");

        Http.Response other = Http.postJson(at(stock, "/fig/receive"), "{\"commandId\":\"delivery-7\",\"quantity\":6}");
        Http.Response elsewhere = Http.postJson(at(stock, "/kiwi/receive"),
                "{\"commandId\":\"delivery-7\",\"quantity\":5}");

        for (Http.Response conflict : List.of(other, elsewhere)) {
            assertThat(conflict.status()).isEqualTo(409);
            assertThat(conflict.contentType()).isEqualTo(Problems.MEDIA_TYPE);
            assertThat(conflict.json().get("type").asText()).isEqualTo(Problems.COMMAND_ID_CONFLICT);
            assertThat(conflict.json().get("commandId").asText()).isEqualTo("delivery-7");
        }
        assertThat(store.readStream("stock-fig").toList()).hasSize(1);
        assertThat(store.streamVersion("stock-kiwi")).isZero();
    }

    @Test
    default void aRefusedCommandIsUnprocessableAndBooksNothing() {
        EventStore store = openStore("stock");
        URI stock = stock(store);
        Http.postJson(at(stock, "/plum/receive"), "{\"commandId\":\"delivery-1\",\"quantity\":2}");

        Http.Response refused = Http.postJson(at(stock, "/plum/remove"), "{\"commandId\":\"sale-1\",\"quantity\":3}");

        assertThat(refused.status()).isEqualTo(422);
        JsonNode problem = refused.json();
        assertThat(problem.get("type").asText()).isEqualTo(Problems.COMMAND_REJECTED);
        assertThat(problem.get("title").asText()).isEqualTo("Unprocessable Content");
        assertThat(problem.get("status").asInt()).isEqualTo(422);
        assertThat(problem.get("detail").asText()).isEqualTo("only 2 on hand; cannot remove 3");
        assertThat(store.readStream("stock-plum").toList()).hasSize(1);
    }

    @Test
    default void anUnknownResourceIsNotFound() {
        EventStore store = openStore("stock");
        URI stock = stock(store);

        Http.Response unknownSku = Http.postJson(at(stock, "/durian/remove"), "{\"commandId\":\"sale-1\",\"quantity\":1}");
        Http.Response unknownAction = Http.postJson(at(stock, "/durian/paint"), "{\"commandId\":\"x-1\"}");

        assertThat(unknownSku.status()).isEqualTo(404);
        assertThat(unknownSku.contentType()).isEqualTo(Problems.MEDIA_TYPE);
        assertThat(unknownSku.json().get("detail").asText()).isEqualTo("there is no stock of sku durian");
        assertThat(unknownAction.status()).isEqualTo(404);
        assertThat(store.headPosition()).isZero();
    }
}
