package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstore.AppendResult;
import dev.eventstore.ExpectedVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Appends: versions, positions, expected versions, atomicity, idempotency. */
public interface AppendContract extends StoreFixture {

    @Test
    default void firstAppendToANewStreamGetsVersionOne() {
        String stream = newStream("account");
        AppendResult result = store().append(stream, ExpectedVersion.noStream(), List.of(event("Opened")));
        assertThat(result.nextExpectedVersion()).isEqualTo(1);
        assertThat(result.lastPosition()).isPositive();
        assertThat(store().streamVersion(stream)).isEqualTo(1);
    }
}
