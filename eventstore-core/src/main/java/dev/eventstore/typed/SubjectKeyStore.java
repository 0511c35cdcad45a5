package dev.eventstore.typed;

import java.util.Optional;

/**
 * Where the per-subject keys of crypto-shredding live ({@link PersonalData}). One key per subject:
 * {@link #keyFor} creates it on first use, and two writers racing to create the key of one subject
 * both get the same key. {@link #forget} deletes it, and with it every way to read that subject's
 * personal data. Implementations: {@link dev.eventstore.memory.InMemorySubjectKeyStore}, and the
 * JDBC store's table ({@code JdbcEventStore.subjectKeyStore()}). Implementations are safe for
 * concurrent use.
 *
 * <p>A subject forgotten and then written again gets a new key with a new id; what was written under
 * the old key stays unreadable.
 */
public interface SubjectKeyStore {

    /** The longest subject id accepted, in characters. */
    int MAX_SUBJECT_LENGTH = 200;

    /**
     * The subject's key, created if it has none; of two callers racing to create it, both get the one
     * that was stored.
     *
     * @param subject the data subject's id: 1 to {@value #MAX_SUBJECT_LENGTH} characters
     * @return its key
     * @throws IllegalArgumentException if {@code subject} is null, empty or too long
     */
    SubjectKey keyFor(String subject);

    /**
     * @param subject the data subject's id
     * @return its key; empty if it never had one or was forgotten
     * @throws IllegalArgumentException if {@code subject} is null, empty or too long
     */
    Optional<SubjectKey> find(String subject);

    /**
     * Deletes the subject's key: from then on its personal data reads redacted. Forgetting a subject
     * with no key does nothing.
     *
     * @param subject the data subject's id
     * @return true if a key was deleted
     * @throws IllegalArgumentException if {@code subject} is null, empty or too long
     */
    boolean forget(String subject);

    /**
     * Checks a subject id, for implementations.
     *
     * @param subject the id to check
     * @return the id
     * @throws IllegalArgumentException if it is null, empty or longer than {@value #MAX_SUBJECT_LENGTH}
     */
    static String checkSubject(String subject) {
        if (subject == null || subject.isEmpty()) {
            throw new IllegalArgumentException("subject must be a non-empty id, was: "
                    + (subject == null ? "null" : "''"));
        }
        if (subject.length() > MAX_SUBJECT_LENGTH) {
            throw new IllegalArgumentException("subject must be at most " + MAX_SUBJECT_LENGTH + " characters, was "
                    + subject.length() + ": '" + subject.substring(0, 40) + "...'");
        }
        return subject;
    }
}
