package dev.eventstore.internal;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Time-ordered (version 7) UUIDs for event ids. Ids that grow with time keep a B-tree index on
 * them compact and its inserts at the right edge, unlike random (version 4) ids.
 */
public final class Uuids {

    private Uuids() {
    }

    /** @return a new version 7 UUID: 48 bits of Unix milliseconds, then 74 random bits */
    public static UUID v7() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }
}
