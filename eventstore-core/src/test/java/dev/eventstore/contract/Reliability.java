package dev.eventstore.contract;

import java.util.Random;

/**
 * The budgets of the reliability tests (model-based histories, crashes), and the one place they
 * print their figures.
 *
 * <p>CI runs a fixed, small budget. {@code -Deventstore.long=true} (or {@code EVENTSTORE_LONG=true})
 * switches every such test to its long budget; a single figure can be set with its own system
 * property, named where it is used (for example {@code -Deventstore.model.histories=2000}).
 */
public final class Reliability {

    private Reliability() {
    }

    /** @return true when the long budgets are asked for */
    public static boolean longRun() {
        return Boolean.getBoolean("eventstore.long") || "true".equalsIgnoreCase(System.getenv("EVENTSTORE_LONG"));
    }

    /**
     * @param property the system property that sets this figure alone
     * @param ci the figure in CI
     * @param longRun the figure of the long run
     * @return the figure to use
     * @throws IllegalArgumentException if the property is set but not a positive number
     */
    public static int budget(String property, int ci, int longRun) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            return longRun() ? longRun : ci;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(property + " must be a positive number, was: '" + value + "'");
    }

    /**
     * @param property the system property that fixes the seed, to run a failure again
     * @return the seed it names, or a random one
     */
    public static long seed(String property) {
        String value = System.getProperty(property);
        return value == null || value.isBlank() ? new Random().nextLong() : Long.parseLong(value.trim());
    }

    /**
     * Prints one line of figures, in the form the README's reliability table quotes:
     * {@code [reliability] <what>: <figures>}.
     *
     * @param what the test and backend
     * @param figures what it ran and found
     */
    public static void report(String what, String figures) {
        System.out.println("[reliability] " + what + ": " + figures);
        System.out.flush();
    }
}
