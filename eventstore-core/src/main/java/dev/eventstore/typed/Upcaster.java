package dev.eventstore.typed;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns the JSON of one schema version of an event type into the JSON of the next version, on read.
 * Stored events are never rewritten: each read of an old event runs its upcasters again, in order,
 * v1&rarr;v2, v2&rarr;v3, up to the registered version.
 *
 * <pre>{@code
 * // version 2 added a currency; every version-1 deposit was in euros
 * builder.upcast("MoneyDeposited", 1, json -> json.put("currency", "EUR"));
 * }</pre>
 *
 * <p>Numbers in the tree are exact: decimals arrive as {@link java.math.BigDecimal} with their scale.
 * An upcaster may change its argument in place and return it, or return a new node.
 */
@FunctionalInterface
public interface Upcaster {

    /**
     * @param data the event's data at the schema version this upcaster was registered from
     * @return the data at the next version; not null
     * @throws RuntimeException if the data cannot be upcast; the read fails with an
     *     {@link EventDecodingException} naming the event, with this error as the cause
     */
    ObjectNode upcast(ObjectNode data);
}
