package dev.eventstore.examples.shop.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The books of the shop, checked across services through their HTTP APIs only (no database is read):
 *
 * <ul>
 *   <li>every order is final, with nothing left to undo;</li>
 *   <li>inventory: for every product, on hand + reserved + shipped = received, nothing on hand below
 *       zero, nothing left reserved;</li>
 *   <li>payments: captured - refunded = the total of the shipped orders; no payment captured more than
 *       its amount or refunded more than it was charged; every shipped order charged exactly its
 *       total, every other order charged nothing in the end;</li>
 *   <li>units: what the inventory counts as shipped = what shipping dispatched = what the shipped
 *       orders hold, product by product;</li>
 *   <li>the order history shows every order in the status the orders service has.</li>
 * </ul>
 */
public final class Books {

    private final ShopClient shop;

    /** @param shop the shop's APIs */
    public Books(ShopClient shop) {
        this.shop = shop;
    }

    /**
     * What the books say.
     *
     * @param lines what was checked, with the numbers
     * @param failures what does not hold; empty if the books balance
     */
    public record Result(List<String> lines, List<String> failures) {
        /** @return true if every check holds */
        public boolean balanced() {
            return failures.isEmpty();
        }
    }

    /**
     * Waits until every order is settled and the order history has caught up with them.
     *
     * @param timeout the longest wait
     * @return true if it happened in time
     * @throws InterruptedException if interrupted
     */
    public boolean awaitSettled(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (unsettled().isEmpty() && historyDisagreements().isEmpty()) {
                    return true;
                }
            } catch (IllegalStateException serviceDown) {
                // a service is restarting: look again
            }
            Thread.sleep(200);
        }
        return false;
    }

    /**
     * @return the orders not settled yet, with their status; empty when every order is
     * @throws IllegalStateException if the orders service does not answer
     */
    public List<String> unsettled() {
        List<String> unsettled = new ArrayList<>();
        for (JsonNode order : shop.get(ServiceName.ORDERS, "/orders").orThrow()) {
            if (!order.path("settled").asBoolean()) {
                unsettled.add(order.path("orderId").asText() + " is " + order.path("status").asText()
                        + (order.path("lateAuthorisation").asText().equals("VOID_REQUESTED")
                                ? " with a late authorisation still to release" : ""));
            }
        }
        return unsettled;
    }

    private List<String> historyDisagreements() {
        Map<String, String> statuses = new TreeMap<>();
        for (JsonNode order : shop.get(ServiceName.ORDERS, "/orders").orThrow()) {
            statuses.put(order.path("orderId").asText(), order.path("status").asText());
        }
        Map<String, String> history = new TreeMap<>();
        for (JsonNode order : shop.get(ServiceName.ORDER_HISTORY, "/orders").orThrow()) {
            history.put(order.path("orderId").asText(), order.path("status").asText());
        }
        List<String> disagreements = new ArrayList<>();
        statuses.forEach((id, status) -> {
            if (!status.equals(history.get(id))) {
                disagreements.add("order " + id + " is " + status + " in orders but " + history.get(id)
                        + " in the order history");
            }
        });
        return disagreements;
    }

    /**
     * Checks the books.
     *
     * @return what holds and what does not
     */
    public Result check() {
        List<String> lines = new ArrayList<>();
        List<String> failures = new ArrayList<>();

        JsonNode orders = shop.get(ServiceName.ORDERS, "/orders").orThrow();
        Map<String, Integer> byStatus = new TreeMap<>();
        BigDecimal shippedTotal = BigDecimal.ZERO;
        Map<String, Long> unitsShipped = new TreeMap<>();
        Map<String, JsonNode> ordersById = new TreeMap<>();
        for (JsonNode order : orders) {
            ordersById.put(order.path("orderId").asText(), order);
            String status = order.path("status").asText();
            byStatus.merge(status, 1, Integer::sum);
            if (status.equals("SHIPPED")) {
                shippedTotal = shippedTotal.add(order.path("total").decimalValue());
                for (JsonNode line : order.path("lines")) {
                    unitsShipped.merge(line.path("sku").asText(), line.path("quantity").asLong(), Long::sum);
                }
            }
        }
        List<String> unsettled = unsettled();
        lines.add("orders: " + orders.size() + " in all, " + byStatus + "; every one final: "
                + (unsettled.isEmpty() ? "yes" : "NO"));
        unsettled.forEach(u -> failures.add("not final: order " + u));

        long received = 0;
        long onHand = 0;
        long reserved = 0;
        long shipped = 0;
        Map<String, Long> inventoryShipped = new TreeMap<>();
        for (JsonNode level : shop.get(ServiceName.INVENTORY, "/stock").orThrow()) {
            String sku = level.path("sku").asText();
            long r = level.path("received").asLong();
            long h = level.path("onHand").asLong();
            long v = level.path("reserved").asLong();
            long s = level.path("shipped").asLong();
            received += r;
            onHand += h;
            reserved += v;
            shipped += s;
            if (s > 0) {
                inventoryShipped.put(sku, s);
            }
            if (h + v + s != r) {
                failures.add("stock of " + sku + ": on hand " + h + " + reserved " + v + " + shipped " + s + " != received "
                        + r);
            }
            if (h < 0) {
                failures.add("stock of " + sku + " is below zero: " + h);
            }
            if (v != 0) {
                failures.add("stock of " + sku + ": " + v + " units still reserved with every order final");
            }
        }
        lines.add("stock: on hand " + onHand + " + reserved " + reserved + " + shipped " + shipped + " = " + received
                + ", received " + received + (onHand + reserved + shipped == received ? "" : "  MISMATCH"));

        JsonNode totals = shop.get(ServiceName.PAYMENTS, "/totals").orThrow();
        BigDecimal captured = totals.path("captured").decimalValue();
        BigDecimal refunded = totals.path("refunded").decimalValue();
        BigDecimal kept = captured.subtract(refunded);
        lines.add("money: captured " + captured + " - refunded " + refunded + " = " + kept
                + ", shipped orders total " + shippedTotal + (kept.compareTo(shippedTotal) == 0 ? "" : "  MISMATCH"));
        if (kept.compareTo(shippedTotal) != 0) {
            failures.add("captured - refunded = " + kept + " but the shipped orders total " + shippedTotal);
        }
        int charged = 0;
        int failuresBefore = failures.size();
        for (JsonNode payment : shop.get(ServiceName.PAYMENTS, "/payments").orThrow()) {
            String orderId = payment.path("orderId").asText();
            BigDecimal amount = payment.path("amount").decimalValue();
            BigDecimal paid = payment.path("captured").decimalValue();
            BigDecimal back = payment.path("refunded").decimalValue();
            if (paid.signum() > 0) {
                charged++;
            }
            if (paid.compareTo(amount) > 0 || back.compareTo(paid) > 0) {
                failures.add("payment " + payment.path("paymentId").asText() + " captured " + paid + " and refunded "
                        + back + " of " + amount);
            }
            JsonNode order = ordersById.get(orderId);
            boolean shippedOrder = order != null && order.path("status").asText().equals("SHIPPED");
            BigDecimal net = paid.subtract(back);
            if (shippedOrder && net.compareTo(order.path("total").decimalValue()) != 0) {
                failures.add("order " + orderId + " shipped but was charged " + net + " of " + order.path("total"));
            }
            if (!shippedOrder && net.signum() != 0) {
                failures.add("order " + orderId + " did not ship but " + net + " was kept");
            }
        }
        lines.add("payments: " + charged + " charged, none twice, none more than its amount"
                + (failures.size() == failuresBefore ? "" : "  NO"));

        Map<String, Long> dispatched = new TreeMap<>();
        shop.get(ServiceName.SHIPPING, "/dispatched").orThrow().fields()
                .forEachRemaining(e -> dispatched.put(e.getKey(), e.getValue().asLong()));
        boolean unitsAgree = unitsShipped.equals(inventoryShipped) && unitsShipped.equals(dispatched);
        lines.add("units shipped: orders " + unitsShipped + ", inventory " + inventoryShipped + ", shipping " + dispatched
                + (unitsAgree ? "" : "  MISMATCH"));
        if (!unitsAgree) {
            failures.add("units shipped differ: orders " + unitsShipped + ", inventory " + inventoryShipped
                    + ", shipping " + dispatched);
        }

        List<String> disagreements = historyDisagreements();
        lines.add("order history: " + (disagreements.isEmpty() ? "agrees with orders on every order"
                : disagreements.size() + " orders differ"));
        failures.addAll(disagreements);
        return new Result(lines, failures);
    }
}
