package dev.eventstore.typed;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A data subject's AES key ({@value #KEY_BYTES} bytes) with an id that tells it apart from a later key
 * of the same subject. Immutable; {@link #material()} hands out copies. {@link #toString()} never shows
 * the key.
 */
public final class SubjectKey {

    /** The length of a key, in bytes (AES-256). */
    public static final int KEY_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String subject;
    private final String id;
    private final byte[] material;

    /**
     * @param subject the data subject's id
     * @param id the key's id: 1 to 64 characters
     * @param material the key, {@value #KEY_BYTES} bytes; copied
     * @throws IllegalArgumentException if an argument is null or invalid
     */
    public SubjectKey(String subject, String id, byte[] material) {
        this.subject = SubjectKeyStore.checkSubject(subject);
        if (id == null || id.isEmpty() || id.length() > 64) {
            throw new IllegalArgumentException("key id must be 1 to 64 characters, was: " + id);
        }
        if (material == null || material.length != KEY_BYTES) {
            throw new IllegalArgumentException("key material must be " + KEY_BYTES + " bytes, was: "
                    + (material == null ? "null" : material.length + " bytes"));
        }
        this.id = id;
        this.material = material.clone();
    }

    /**
     * @param subject the data subject's id
     * @return a new random key with a new random id
     * @throws IllegalArgumentException if {@code subject} is invalid
     */
    public static SubjectKey generate(String subject) {
        byte[] material = new byte[KEY_BYTES];
        byte[] id = new byte[8];
        RANDOM.nextBytes(material);
        RANDOM.nextBytes(id);
        return new SubjectKey(subject, HexFormat.of().formatHex(id), material);
    }

    /** @return the data subject's id */
    public String subject() {
        return subject;
    }

    /** @return the key's id, stored beside each value it encrypted */
    public String id() {
        return id;
    }

    /** @return a copy of the key's bytes */
    public byte[] material() {
        return material.clone();
    }

    SecretKey secretKey() {
        return new SecretKeySpec(material, "AES");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SubjectKey key && key.subject.equals(subject) && key.id.equals(id)
                && Arrays.equals(key.material, material);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subject, id);
    }

    /** @return the subject and the key's id, never the key */
    @Override
    public String toString() {
        return "SubjectKey[subject=" + subject + ", id=" + id + "]";
    }
}
