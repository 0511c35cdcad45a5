package dev.eventstore.examples.shop.orders;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.eventstore.typed.EventTypes;

/** Builds the registries of the orders service's reader types: tolerant of fields they do not know. */
final class Readers {

    private Readers() {
    }

    static EventTypes registry(Class<?>... types) {
        EventTypes.Builder builder = EventTypes.builder()
                .objectMapper(JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());
        for (Class<?> type : types) {
            builder.register(type);
        }
        return builder.build();
    }
}
