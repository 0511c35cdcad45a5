package dev.eventstore.examples.shop.orderhistory;

import java.util.concurrent.TimeUnit;

/**
 * A count of the history's committed changes, for readers that wait for the next one (a page
 * long-polling a customer's orders). A reaction signals from its transaction's after-commit action,
 * so a reader woken by it reads what was committed; a reader that takes the count before it reads
 * misses no change made after its read.
 */
final class Changes {

    private long count;

    /** @return how many changes have committed since this process started */
    synchronized long count() {
        return count;
    }

    /** Counts a committed change and wakes every waiting reader. */
    synchronized void changed() {
        count++;
        notifyAll();
    }

    /**
     * Waits until the count differs from one the caller took.
     *
     * @param seen a value {@link #count()} returned
     * @param deadline when to give up, in {@link System#nanoTime()} terms
     * @return true if something changed; false if the deadline passed first
     * @throws InterruptedException if the waiting thread is interrupted
     */
    synchronized boolean awaitChange(long seen, long deadline) throws InterruptedException {
        while (count == seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
