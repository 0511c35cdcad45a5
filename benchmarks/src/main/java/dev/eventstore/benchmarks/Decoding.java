package dev.eventstore.benchmarks;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.eventstore.typed.EventTypes;

/** How the two sides of the read benchmarks turn JSON into records. */
final class Decoding {

    /** The library's registry, as an application would build it. */
    static final EventTypes TYPES = EventTypes.builder().register(MoneyWithdrawn.class, "MoneyWithdrawn", 1).build();

    /** What hand-written code would use: a mapper that reads decimals exactly. */
    static final ObjectMapper RAW = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Decoding() {
    }
}
