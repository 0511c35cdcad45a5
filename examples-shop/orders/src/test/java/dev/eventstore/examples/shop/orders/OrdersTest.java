package dev.eventstore.examples.shop.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.aggregate.CommandIdConflictException;
import dev.eventstore.http.InvalidFieldException;
import dev.eventstore.http.ResourceNotFoundException;
import dev.eventstore.jdbc.JdbcEventStore;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Placing and cancelling orders on a SQLite file, priced from the service's own price list. */
class OrdersTest {

    @TempDir
    Path directory;

    private JdbcEventStore store;
    private PriceList prices;
    private Orders orders;

    @BeforeEach
    void open() throws Exception {
        store = JdbcEventStore.sqlite(directory.resolve("orders.db")).build();
        prices = new PriceList(store);
        price("MUG", "Mug", "8.00");
        orders = new Orders(store, prices, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void price(String sku, String name, String price) throws Exception {
        try (Connection connection = store.dataSource().getConnection()) {
            prices.put(connection, sku, name, new BigDecimal(price));
        }
    }

    private Orders.Result place(String commandId, String orderId) {
        return orders.place(commandId, orderId, "c-ada", "Ada", List.of(new Orders.Item("MUG", 2)),
                "4111 1111 1111 1111", "12 Main St");
    }

    @Test
    void anOrderIsPricedFromThePriceListAndSentAgainIsTheSameOrder() throws Exception {
        Orders.Result first = place("c1", "o1");
        assertThat(first.order().total()).isEqualTo("16.00");
        assertThat(first.order().cardNumber()).isEqualTo("4111111111111111");
        price("MUG", "Mug", "9.00");
        Orders.Result again = place("c1", "o1");
        assertThat(again.alreadyHandled()).as("sent again after the price changed, with the same command id")
                .isTrue();
        assertThat(again.order().total()).isEqualTo("16.00");
        assertThat(store.readStream(Orders.stream("o1")).count()).isEqualTo(1);
        assertThatThrownBy(() -> place("c1", "o2")).isInstanceOf(CommandIdConflictException.class);
    }

    @Test
    void badOrdersNameTheFieldAndUnknownOnesAreNotFound() {
        assertThatThrownBy(() -> orders.place("c1", "o1", "c-ada", "Ada", List.of(new Orders.Item("MUG", 1),
                new Orders.Item("MUG", 2)), "4111111111111111", "x")).isInstanceOf(InvalidFieldException.class)
                .satisfies(e -> assertThat(((InvalidFieldException) e).field()).isEqualTo("lines/1/sku"));
        assertThatThrownBy(() -> orders.place("c1", "o1", "c-ada", "Ada", List.of(new Orders.Item("TEA", 1)),
                "4111111111111111", "x")).isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("lines/0/sku: no product TEA in the catalog");
        assertThatThrownBy(() -> orders.place("c1", "o1", "c-ada", "Ada", List.of(new Orders.Item("MUG", 1)),
                "4111", "x")).isInstanceOf(InvalidFieldException.class)
                .hasMessage("cardNumber must be 12 to 19 digits, was: '4111'");
        assertThatThrownBy(() -> orders.cancel("c2", "nobody", null)).isInstanceOf(ResourceNotFoundException.class)
                .hasMessage("no order nobody");
        assertThat(orders.orders()).isEmpty();
    }
}
