package dev.eventstore.contract.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Shrinks a failing history to a minimal one that still fails: first it removes runs of steps,
 * halving the run length down to single steps (delta debugging), then it replaces steps by their
 * {@link Op#simpler()} variants, and starts again while either helps. The result fails, and removing
 * any one of its steps, or simplifying any one, makes it pass (within the attempt budget).
 */
public final class Shrinker {

    /**
     * A shrunk history.
     *
     * @param history the smallest failing history found
     * @param attempts how many candidate histories were run
     */
    public record Result(List<Op> history, int attempts) {
    }

    private final Predicate<List<Op>> fails;
    private final int maxAttempts;
    private int attempts;

    /**
     * @param fails runs a history on a fresh store and says whether it fails
     * @param maxAttempts the most candidate histories to run
     */
    public Shrinker(Predicate<List<Op>> fails, int maxAttempts) {
        this.fails = fails;
        this.maxAttempts = maxAttempts;
    }

    /**
     * @param failing a history that fails
     * @return the smallest failing history found
     */
    public Result shrink(List<Op> failing) {
        List<Op> current = new ArrayList<>(failing);
        boolean changed = true;
        while (changed && attempts < maxAttempts) {
            changed = false;
            for (int run = Math.max(1, current.size() / 2); run >= 1 && attempts < maxAttempts; run /= 2) {
                int i = 0;
                while (i < current.size() && attempts < maxAttempts) {
                    List<Op> candidate = new ArrayList<>(current.subList(0, i));
                    candidate.addAll(current.subList(Math.min(current.size(), i + run), current.size()));
                    if (!candidate.isEmpty() && tryFails(candidate)) {
                        current = candidate;
                        changed = true;
                    } else {
                        i += run;
                    }
                }
            }
            for (int i = 0; i < current.size() && attempts < maxAttempts; i++) {
                for (Op simpler : current.get(i).simpler()) {
                    List<Op> candidate = new ArrayList<>(current);
                    candidate.set(i, simpler);
                    if (tryFails(candidate)) {
                        current = candidate;
                        changed = true;
                        break;
                    }
                }
            }
        }
        return new Result(List.copyOf(current), attempts);
    }

    private boolean tryFails(List<Op> candidate) {
        attempts++;
        return fails.test(candidate);
    }
}
