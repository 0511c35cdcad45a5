package dev.eventstore.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventstore.EventData;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link dev.eventstore.EventReader#readEvent}: how a caller unsure of an append learns whether it happened. */
public interface ReadEventContract extends StoreFixture {

    @Test
    default void readEventFindsAnEventByItsIdWithEverythingItWasRecordedWith() {
        String stream = newStream("order");
        appendEvents(newStream("order"), 2);
        EventData first = tagged("Placed", "order:1", "customer:7");
        EventData second = event("Paid");
        store().append(stream, ExpectedVersion.noStream(), List.of(first, second));
        appendEvents(newStream("order"), 2);

        RecordedEvent found = store().readEvent(second.id()).orElseThrow();

        RecordedEvent inStream = readStream(stream).get(1);
        assertThat(found.id()).isEqualTo(second.id());
        assertThat(found.streamId()).isEqualTo(stream);
        assertThat(found.version()).isEqualTo(2);
        assertThat(found.position()).isEqualTo(inStream.position());
        assertThat(found.type()).isEqualTo("Paid");
        assertThat(json(found.data())).isEqualTo(json(second.data()));
        assertThat(json(found.metadata())).isEqualTo(json(inStream.metadata()));
        assertThat(found.recordedAt()).isEqualTo(inStream.recordedAt());
        assertThat(store().readEvent(first.id()).orElseThrow().tags()).containsExactlyInAnyOrder("order:1",
                "customer:7");
    }

    @Test
    default void readEventOfAnIdNeverRecordedIsEmpty() {
        appendEvents(newStream("order"), 3);

        assertThat(store().readEvent(UUID.randomUUID())).isEmpty();
        assertThat(store().readEvent(new UUID(0, 0))).isEmpty();
    }

    @Test
    default void readEventSeesAnAppendAsSoonAsItReturns() {
        for (int i = 0; i < 20; i++) {
            EventData event = event("Placed");
            append(newStream("order"), event);
            assertThat(store().readEvent(event.id())).as("event %d, right after its append", i).isPresent();
        }
    }

    @Test
    default void readEventOfAFailedAppendIsEmpty() {
        String stream = newStream("order");
        appendEvents(stream, 1);
        EventData refused = event("Placed");

        assertThatThrownBy(() -> store().append(stream, ExpectedVersion.noStream(), List.of(refused)))
                .isInstanceOf(dev.eventstore.WrongExpectedVersionException.class);

        assertThat(store().readEvent(refused.id())).isEmpty();
    }

    @Test
    default void readEventRefusesANullId() {
        assertThatThrownBy(() -> store().readEvent(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventId");
    }

    @Test
    default void readEventOnAClosedStoreIsRefused() {
        EventData event = event("Placed");
        append(newStream("order"), event);
        store().close();

        assertThatThrownBy(() -> store().readEvent(event.id())).isInstanceOf(IllegalStateException.class);
    }
}
