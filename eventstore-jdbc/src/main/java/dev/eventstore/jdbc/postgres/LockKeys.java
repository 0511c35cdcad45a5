package dev.eventstore.jdbc.postgres;

/**
 * 32-bit keys for PostgreSQL advisory locks, derived from names. Two names that hash alike share a
 * lock: that costs a needless wait now and then, never correctness.
 */
final class LockKeys {

    private LockKeys() {
    }

    /**
     * @param name any string
     * @return a well-mixed 32-bit hash of it (FNV-1a over its UTF-16 code units, then a finalizer)
     */
    static int of(String name) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < name.length(); i++) {
            hash ^= name.charAt(i);
            hash *= 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        return (int) (hash ^ (hash >>> 32));
    }
}
