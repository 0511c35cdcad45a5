package dev.eventstore.examples.shop.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.eventstore.typed.EventType;
import dev.eventstore.typed.EventTypes;
import java.util.List;

/**
 * What the catalog reads from the orders service's feed, in its own types (a tolerant reader: fields
 * it does not know are ignored). The catalog reads {@code OrderPlaced} at version 1, where
 * {@code customer} is a string, and asks the feed for that version: when orders moved to version 2
 * (the customer an object), the feed kept serving this reader what it expects, downcast.
 */
public final class OrdersFeed {

    /** The version of {@code OrderPlaced} this reader reads. */
    public static final int ORDER_PLACED_VERSION = 1;

    /** The reader's registry: the types read, with a mapper that ignores unknown fields. */
    public static final EventTypes TYPES = EventTypes.builder()
            .objectMapper(JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build())
            .register(OrderPlaced.class)
            .build();

    private OrdersFeed() {
    }

    /**
     * An order was placed: what the catalog needs of it to know what sells.
     *
     * @param orderId the order
     * @param customer the customer's id
     * @param lines what was ordered
     */
    @EventType(name = "OrderPlaced", version = ORDER_PLACED_VERSION)
    public record OrderPlaced(String orderId, String customer, List<Line> lines) {
    }

    /**
     * A line of an order.
     *
     * @param sku the product
     * @param quantity how many
     */
    public record Line(String sku, int quantity) {
    }
}
