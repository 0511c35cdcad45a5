package dev.eventstore.contract.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventFilter;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.TransactionalEventStore;
import dev.eventstore.memory.InMemoryEventStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The model-based tests can fail: against stores with a planted bug they find it, and shrink the
 * history to the one or two steps that show it.
 */
class ModelHarnessTest {

    /** A store that gets one thing wrong. */
    @FunctionalInterface
    private interface Bug {
        /** @return what to return instead, or {@link #PASS} to call the real store */
        Object intercept(InMemoryEventStore real, String method, Object[] args) throws Exception;
    }

    private static final Object PASS = new Object();

    private static TransactionalEventStore<?> broken(Bug bug) {
        InMemoryEventStore real = new InMemoryEventStore();
        return (TransactionalEventStore<?>) Proxy.newProxyInstance(ModelHarnessTest.class.getClassLoader(),
                new Class<?>[] {TransactionalEventStore.class}, (proxy, method, args) -> {
                    Object replaced = bug.intercept(real, method.getName(), args);
                    if (replaced != PASS) {
                        return replaced;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static final class Planted extends ModelBasedContract {
        private final Bug bug;

        Planted(Bug bug) {
            this.bug = bug;
        }

        @Override
        protected TransactionalEventStore<?> createStore() {
            return broken(bug);
        }

        @Override
        protected String backend() {
            return "a store with a planted bug";
        }
    }

    private static int shrunkSteps(Bug bug) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> new Planted(bug).randomHistoriesAgreeWithTheModel())
                .isInstanceOf(AssertionError.class)
                .satisfies(e -> caught[0] = e);
        System.out.println("A planted bug, as the model-based test reports it:\n" + caught[0].getMessage());
        Matcher steps = Pattern.compile("Shrunk from \\d+ to (\\d+) steps").matcher(caught[0].getMessage());
        assertThat(steps.find()).as(caught[0].getMessage()).isTrue();
        return Integer.parseInt(steps.group(1));
    }

    @Test
    void anAppendThatDropsTheLastEventOfABatchIsCaughtAndShrunkToOneOrTwoSteps() {
        int steps = shrunkSteps((real, method, args) -> {
            if (method.equals("append") && args.length == 3 && ((List<?>) args[2]).size() > 1) {
                List<?> events = (List<?>) args[2];
                args[2] = events.subList(0, events.size() - 1);
            }
            return PASS;
        });
        // The shrinker is greedy: from some histories it stops at the append and the read that shows it.
        assertThat(steps).isBetween(1, 2);
    }

    @Test
    void streamExistsTakenForAnyIsCaughtAndShrunkToOneOrTwoSteps() {
        int steps = shrunkSteps((real, method, args) -> {
            if (method.equals("append") && args[1] == ExpectedVersion.streamExists()) {
                args[1] = ExpectedVersion.any();
            }
            return PASS;
        });
        // The shrinker is greedy: from some histories it stops at the append and the read that shows it.
        assertThat(steps).isBetween(1, 2);
    }

    @Test
    void aLogReadThatSkipsAnEventIsCaughtAndShrunkToAFewSteps() {
        int steps = shrunkSteps((real, method, args) -> {
            if (method.equals("read") && args.length == 3 && args[0] instanceof EventFilter filter) {
                Stream<RecordedEvent> events = real.read(filter, (Long) args[1], (Long) args[2]);
                return events.filter(e -> e.position() != 2);
            }
            return PASS;
        });
        assertThat(steps).isBetween(2, 3);
    }
}
