package dev.eventstore.http;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

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
}
