package dev.eventstore.http;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The JSON settings of this package. */
final class Jsons {

    private Jsons() {
    }

    /**
     * A mapper that keeps numbers exact, as the library's event codec does: decimals are read as
     * {@link java.math.BigDecimal} with their scale, and written without exponents.
     */
    static ObjectMapper exact() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        mapper.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
        mapper.enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN.mappedFeature());
        return mapper;
    }

    /**
     * A mapper for the bodies of requests and answers: {@link #exact()}, with {@code java.time} values
     * written as ISO-8601 strings.
     */
    static ObjectMapper web() {
        ObjectMapper mapper = exact();
        mapper.registerModule(new JavaTimeModule());
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        return mapper;
    }
}
