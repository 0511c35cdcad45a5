package dev.eventstore.examples.shop.launcher;

import java.util.List;
import java.util.Locale;

/**
 * The shop's services: what each is called, which others it talks to, and where its database is by
 * default.
 */
public enum ServiceName {

    /** Products and prices. */
    CATALOG(List.of("orders"), false),
    /** Stock and reservations. */
    INVENTORY(List.of(), true),
    /** Authorise, capture, refund, void. */
    PAYMENTS(List.of(), false),
    /** Shipments and dispatch. */
    SHIPPING(List.of(), false),
    /** Orders and the checkout. */
    ORDERS(List.of("catalog", "inventory", "payments", "shipping"), true),
    /** Every customer's orders, with a timeline. */
    ORDER_HISTORY(List.of("orders", "inventory", "payments", "shipping"), true);

    private final List<String> peers;
    private final boolean postgresWithPg;

    ServiceName(List<String> peers, boolean postgresWithPg) {
        this.peers = peers;
        this.postgresWithPg = postgresWithPg;
    }

    /** @return the name on the command line and in URLs: {@code order-history} */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return the services this one reads feeds of or sends commands to, by {@link #id()} */
    public List<String> peers() {
        return peers;
    }

    /** @return true if {@code --pg} gives this service a PostgreSQL database of its own */
    public boolean postgresWithPg() {
        return postgresWithPg;
    }

    /**
     * @param id a service's {@link #id()}
     * @return the service
     * @throws IllegalArgumentException naming the unknown id and the known ones
     */
    public static ServiceName of(String id) {
        for (ServiceName name : values()) {
            if (name.id().equals(id)) {
                return name;
            }
        }
        throw new IllegalArgumentException("no service '" + id + "'; the services are " + ids());
    }

    /** @return every service's id, in start order */
    public static List<String> ids() {
        return java.util.Arrays.stream(values()).map(ServiceName::id).toList();
    }
}
