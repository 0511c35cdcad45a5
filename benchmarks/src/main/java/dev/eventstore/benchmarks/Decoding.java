package dev.eventstore.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
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

    /** A reader bound to the record once, as hand-written code that decodes many events keeps it. */
    private static final ObjectReader WITHDRAWALS = RAW.readerFor(MoneyWithdrawn.class);

    private Decoding() {
    }

    /**
     * Decodes a row the way hand-written code would: the type picks the record class.
     *
     * @throws IllegalStateException for a type the benchmarks never write
     */
    static MoneyWithdrawn raw(String type, String data) throws JsonProcessingException {
        if (!"MoneyWithdrawn".equals(type)) {
            throw new IllegalStateException("unexpected event type " + type);
        }
        return WITHDRAWALS.readValue(data);
    }
}
