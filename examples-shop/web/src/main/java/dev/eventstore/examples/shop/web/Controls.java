package dev.eventstore.examples.shop.web;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's buttons: stop a service, start it again, replay the roll-out. Each action runs on one
 * worker thread, one at a time and in the order asked, so that the page answers at once and shows the
 * action under way ("stopping", "starting") until it is done, then how it went.
 */
final class Controls implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Controls.class);

    private final Operator operator;
    private final RollOut rollOut;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Wire.daemons("shop-operator"));
    private final Map<String, String> underWay = new ConcurrentHashMap<>();
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();

    Controls(Operator operator, RollOut rollOut) {
        this.operator = operator;
        this.rollOut = rollOut;
    }

    /**
     * How the last action on a service went.
     *
     * @param text what was done, or why it failed
     * @param failed true if it failed
     * @param at when it ended
     */
    record Outcome(String text, boolean failed, Instant at) {
        Outcome(String text, boolean failed) {
            this(text, failed, Instant.now());
        }
    }

    /**
     * Asks for a service to be stopped or started.
     *
     * @param service one of the operator's services
     * @param action {@code stop} or {@code start}
     * @return null if the action was queued; otherwise why not, in words
     */
    String ask(String service, String action) {
        if (!action.equals("stop") && !action.equals("start")) {
            return "a service can be stopped or started, not '" + action + "'";
        }
        boolean running = operator.pid(service) >= 0;
        if (action.equals("stop") && !running) {
            return service + " is not running";
        }
        if (action.equals("start") && running) {
            return service + " is running already (pid " + operator.pid(service) + ")";
        }
        String before = underWay.putIfAbsent(service, action.equals("stop") ? "stopping" : "starting");
        if (before != null) {
            return service + " is " + before + " already";
        }
        worker.execute(() -> {
            long start = System.nanoTime();
            try {
                if (action.equals("stop")) {
                    operator.stop(service);
                } else {
                    operator.start(service);
                }
                outcomes.put(service, new Outcome((action.equals("stop") ? "stopped" : "started") + " in "
                        + (System.nanoTime() - start) / 1_000_000 + " ms", false));
            } catch (RuntimeException e) {
                LOG.warn("{} {} failed", action, service, e);
                outcomes.put(service, new Outcome(action + " failed: " + e.getMessage(), true));
            } finally {
                underWay.remove(service);
            }
        });
        return null;
    }

    /**
     * Asks for the roll-out to be replayed.
     *
     * @return null if it was queued; otherwise why not
     */
    String replayRollOut() {
        if (!rollOut.begin()) {
            return "the roll-out is being replayed already";
        }
        worker.execute(() -> rollOut.run(this));
        return null;
    }

    /**
     * Restarts a service with a setting changed, for the roll-out, on the worker's thread.
     *
     * @param service the service
     * @param key the setting
     * @param value its new value
     */
    void restart(String service, String key, String value) {
        underWay.put(service, "restarting");
        try {
            operator.stop(service);
            operator.set(service, key, value);
            operator.start(service);
            outcomes.put(service, new Outcome("restarted with " + key + "=" + value, false));
        } catch (RuntimeException e) {
            outcomes.put(service, new Outcome("restart failed: " + e.getMessage(), true));
            throw e;
        } finally {
            underWay.remove(service);
        }
    }

    /**
     * @param service a service
     * @return the action under way on it ({@code stopping}, {@code starting}, {@code restarting}), or null
     */
    String underWay(String service) {
        return underWay.get(service);
    }

    /**
     * @param service a service
     * @return how the last action on it went, or null if there was none
     */
    Outcome outcome(String service) {
        return outcomes.get(service);
    }

    /** @return the roll-out's replay, as the page shows it */
    Map<String, Object> rollOut() {
        return new LinkedHashMap<>(rollOut.view());
    }

    /** Stops taking actions; one under way is left to finish on its own. */
    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
