package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.AppendCondition;
import dev.eventstore.EventFilter;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.Query;
import dev.eventstore.SubscriptionOptions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Closing a store: harmless twice, and every later call fails with {@link IllegalStateException}. */
public interface LifecycleContract extends StoreFixture {

    @Test
    default void closingTwiceIsHarmless() {
        appendEvents(newStream("account"), 1);
        store().close();
        store().close();
    }

    @Test
    default void everyCallOnAClosedStoreFailsWithIllegalStateException() {
        String stream = newStream("account");
        appendEvents(stream, 1);
        store().close();
        List<ThrowingCallable> calls = List.of(
                () -> store().append(stream, ExpectedVersion.any(), events("A", 1)),
                () -> store().append(stream, ExpectedVersion.any(), events("A", 1),
                        AppendCondition.noneMatching(Query.all())),
                () -> store().readStream(stream),
                () -> store().readAll(0, 10),
                () -> store().readCategory("account", 0, 10),
                () -> store().read(Query.all(), 0, 10),
                () -> store().streamVersion(stream),
                () -> store().headPosition(),
                () -> store().subscribe(EventFilter.all(), 0, e -> { }),
                () -> store().subscribeBatches(SubscriptionOptions.of(EventFilter.all(), 0), batch -> { }));
        for (ThrowingCallable call : calls) {
            assertThatThrownBy(call).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    default void eachStoreStartsEmpty() {
        assertThat(store().headPosition()).isZero();
        assertThat(readAll()).isEmpty();
        assertThat(store().readCategory("account", 0, Long.MAX_VALUE).toList()).isEmpty();
    }
}
