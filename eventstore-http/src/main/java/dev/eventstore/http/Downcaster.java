package dev.eventstore.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns the JSON of one schema version of an integration event into the JSON of an older version, for
 * a consumer that still reads the older one. The mirror of {@link dev.eventstore.typed.Upcaster}: the
 * stored entry is never changed; each request that asks for the older version runs the downcaster
 * again.
 *
 * <pre>{@code
 * // v2 made the customer an object; a v1 reader expects the name as a string
 * builder.downcast("OrderPlaced", 2, 1, data -> data.put("customer", data.path("customer").path("name").asText()));
 * }</pre>
 *
 * <p>Numbers in the tree are exact: decimals arrive as {@link java.math.BigDecimal} with their scale.
 */
@FunctionalInterface
public interface Downcaster {

    /**
     * @param data the entry's data at the version the downcaster was registered from; a copy of the
     *     stored JSON, which it may change in place and return
     * @return the data at the version it was registered to; not null
     * @throws RuntimeException if the data cannot be downcast; the entry is then served as stored, at
     *     its own version, and the failure logged
     */
    ObjectNode downcast(ObjectNode data);
}
