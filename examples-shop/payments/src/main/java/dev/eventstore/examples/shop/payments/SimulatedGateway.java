package dev.eventstore.examples.shop.payments;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A card gateway that behaves by card number, so that every outcome can be shown on purpose:
 *
 * <ul>
 *   <li>{@value #DECLINED_CARD} is declined ("insufficient funds");</li>
 *   <li>{@value #SILENT_CARD} never answers;</li>
 *   <li>{@value #SLOW_CARD} is authorised, but only after the slow delay;</li>
 *   <li>every other card is authorised after the quick delay.</li>
 * </ul>
 *
 * Like a real gateway it answers asynchronously, by calling back. It remembers nothing across
 * restarts: the payments service asks again for every payment still waiting when it starts, and the
 * gateway, keyed by payment id, answers the same way.
 */
public final class SimulatedGateway implements AutoCloseable {

    /** A card the gateway authorises, as it does every card not named here. */
    public static final String APPROVED_CARD = "4111111111111111";
    /** The card the gateway declines. */
    public static final String DECLINED_CARD = "4000000000000002";
    /** The card the gateway never answers for. */
    public static final String SILENT_CARD = "4000000000000119";
    /** The card the gateway answers for only after the slow delay. */
    public static final String SLOW_CARD = "4000000000000259";

    private final Duration quickDelay;
    private final Duration slowDelay;
    private final ScheduledExecutorService timer;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    /**
     * @param quickDelay how long the gateway takes to answer for most cards
     * @param slowDelay how long it takes for {@link #SLOW_CARD}
     * @throws IllegalArgumentException if a delay is null or negative
     */
    public SimulatedGateway(Duration quickDelay, Duration slowDelay) {
        if (quickDelay == null || quickDelay.isNegative() || slowDelay == null || slowDelay.isNegative()) {
            throw new IllegalArgumentException("gateway delays must not be negative, were: " + quickDelay + ", "
                    + slowDelay);
        }
        this.quickDelay = quickDelay;
        this.slowDelay = slowDelay;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "card-gateway");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * What the gateway answers for a card: a pure function of the card and the payment.
     *
     * @param paymentId the payment, which the authorisation code is derived from
     * @param cardNumber the card, digits only
     * @return the answer; empty for the card that never answers
     */
    public static Optional<Answer> answerFor(String paymentId, String cardNumber) {
        if (SILENT_CARD.equals(cardNumber)) {
            return Optional.empty();
        }
        if (DECLINED_CARD.equals(cardNumber)) {
            return Optional.of(new Answer(false, "insufficient funds"));
        }
        String code = UUID.nameUUIDFromBytes(paymentId.getBytes(StandardCharsets.UTF_8)).toString().substring(0, 6);
        return Optional.of(new Answer(true, "AUTH-" + code.toUpperCase(java.util.Locale.ROOT)));
    }

    /**
     * The cards to try every outcome with, for a shop's page to name: one for each way the gateway
     * answers. Each behaves as described: {@link #answerFor} is what the gateway does for it.
     *
     * @return the cards, the one authorised first, numbers in groups of four as printed on a card
     */
    public List<TestCard> testCards() {
        return List.of(
                new TestCard(grouped(APPROVED_CARD), "approved", "authorised after " + quickDelay.toMillis()
                        + " ms, as is any number not listed here"),
                new TestCard(grouped(DECLINED_CARD), "declined", "declined after " + quickDelay.toMillis()
                        + " ms: insufficient funds"),
                new TestCard(grouped(SILENT_CARD), "never answers", "never answered: the order gives up when its "
                        + "payment deadline passes"),
                new TestCard(grouped(SLOW_CARD), "slow", "authorised, but only after " + slowDelay.toMillis() + " ms"));
    }

    private static String grouped(String digits) {
        return digits.replaceAll("(\\d{4})(?=\\d)", "$1 ");
    }

    /**
     * Asks for an authorisation. The answer comes later, on the gateway's thread; asking again for a
     * payment whose answer is still to come does nothing.
     *
     * @param paymentId the payment
     * @param cardNumber the card, digits only
     * @param onAnswer called once with the answer, unless the card never answers or the gateway is
     *     closed first
     */
    public void authorise(String paymentId, String cardNumber, Consumer<Answer> onAnswer) {
        Optional<Answer> answer = answerFor(paymentId, cardNumber);
        if (answer.isEmpty() || !inFlight.add(paymentId)) {
            return;
        }
        Duration delay = SLOW_CARD.equals(cardNumber) ? slowDelay : quickDelay;
        timer.schedule(() -> {
            inFlight.remove(paymentId);
            onAnswer.accept(answer.get());
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Runs a task on the gateway's thread after a delay: for retrying a callback that failed.
     *
     * @param task the task
     * @param delay how long to wait
     */
    void later(Runnable task, Duration delay) {
        if (!timer.isShutdown()) {
            timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops answering; answers not given yet are never given. */
    @Override
    public void close() {
        timer.shutdownNow();
    }

    /**
     * A card to try the gateway with.
     *
     * @param number the card number, in groups of four
     * @param outcome {@code approved}, {@code declined}, {@code never answers} or {@code slow}
     * @param description what the gateway does for it, in words
     */
    public record TestCard(String number, String outcome, String description) {
    }

    /**
     * The gateway's answer.
     *
     * @param approved true if the amount is held on the card
     * @param codeOrReason the authorisation code, or why it was declined
     */
    public record Answer(boolean approved, String codeOrReason) {
    }
}
