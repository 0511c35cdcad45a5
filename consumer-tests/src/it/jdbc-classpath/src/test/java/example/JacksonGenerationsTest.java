package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eventstore.EventData;
import dev.eventstore.EventStore;
import dev.eventstore.ExpectedVersion;
import dev.eventstore.RecordedEvent;
import dev.eventstore.jdbc.JdbcEventStore;
import dev.eventstore.typed.EventTypes;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * An application on Jackson 3 uses the library, whose typed layer is on Jackson 2, in the same
 * class path: what one generation writes into the store, the other reads back exactly.
 */
class JacksonGenerationsTest {

    record PaymentMade(String account, BigDecimal amount) {
    }

    @Test
    void jackson3WritesTheEventsAndTheTypedLayerReadsThem(@TempDir Path dir) {
        JsonMapper jackson3 = JsonMapper.builder().build();
        EventTypes types = EventTypes.builder().register(PaymentMade.class, "PaymentMade", 1).build();
        try (EventStore store = JdbcEventStore.sqlite(dir.resolve("payments.db")).build()) {
            String json = jackson3.writeValueAsString(new PaymentMade("account-42", new BigDecimal("9.90")));
            store.append("payment-1", ExpectedVersion.noStream(), List.of(EventData.of("PaymentMade", json)));

            RecordedEvent recorded = store.readStream("payment-1").findFirst().orElseThrow();
            assertEquals(new PaymentMade("account-42", new BigDecimal("9.90")),
                    types.decode(recorded, PaymentMade.class).orElseThrow().event());
        }
    }

    @Test
    void theTypedLayerWritesTheEventsAndJackson3ReadsThem(@TempDir Path dir) {
        JsonMapper jackson3 = JsonMapper.builder().build();
        EventTypes types = EventTypes.builder().register(PaymentMade.class, "PaymentMade", 1).build();
        try (EventStore store = JdbcEventStore.sqlite(dir.resolve("payments.db")).build()) {
            store.append("payment-2", ExpectedVersion.noStream(),
                    List.of(types.encode(new PaymentMade("account-7", new BigDecimal("0.10")))));

            RecordedEvent recorded = store.readStream("payment-2").findFirst().orElseThrow();
            assertEquals(new PaymentMade("account-7", new BigDecimal("0.10")),
                    jackson3.readValue(recorded.data(), PaymentMade.class));
        }
    }
}
