package dev.eventstore.examples.shop.web;

import java.util.Map;

/**
 * Which of a service's reactors reads which other service's feed: the shop's wiring, by the names the
 * services give their reactors on {@code /status}. A reactor not listed here follows its own service's
 * log (a publisher, a process manager's sender, a dispatcher).
 */
final class Wiring {

    private static final Map<String, Map<String, String>> FEED_READERS = Map.of(
            "catalog", Map.of("catalog-orders-inbox", "orders"),
            "orders", Map.of("from-catalog", "catalog", "from-inventory", "inventory", "from-payments", "payments",
                    "from-shipping", "shipping"),
            "order-history", Map.of("history-orders", "orders", "history-inventory", "inventory",
                    "history-payments", "payments", "history-shipping", "shipping"));

    private Wiring() {
    }

    /**
     * @param service a service
     * @param reactor the name of one of its reactors
     * @return the service whose feed that reactor reads; null if it follows its own service's log
     */
    static String feedReadBy(String service, String reactor) {
        return FEED_READERS.getOrDefault(service, Map.of()).get(reactor);
    }
}
