package dev.eventstore.memory;

import dev.eventstore.typed.SubjectKey;
import dev.eventstore.typed.SubjectKeyStore;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link SubjectKeyStore} in the heap of this JVM: for tests and the in-memory store. Its keys are
 * lost with the JVM, and with them every personal value encrypted under them: pair it only with a store
 * that is lost too. Safe for concurrent use; one key per subject.
 */
public final class InMemorySubjectKeyStore implements SubjectKeyStore {

    private final ConcurrentMap<String, SubjectKey> keys = new ConcurrentHashMap<>();

    /** An empty key store. */
    public InMemorySubjectKeyStore() {
    }

    @Override
    public SubjectKey keyFor(String subject) {
        return keys.computeIfAbsent(SubjectKeyStore.checkSubject(subject), SubjectKey::generate);
    }

    @Override
    public Optional<SubjectKey> find(String subject) {
        return Optional.ofNullable(keys.get(SubjectKeyStore.checkSubject(subject)));
    }

    @Override
    public boolean forget(String subject) {
        return keys.remove(SubjectKeyStore.checkSubject(subject)) != null;
    }

    @Override
    public String toString() {
        return "InMemorySubjectKeyStore[" + keys.size() + " subjects]";
    }
}
