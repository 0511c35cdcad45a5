package dev.eventstore.http;

/**
 * A field of a request's JSON body is missing or holds a bad value. {@link CommandEndpoint} answers it
 * with a 400 problem naming the field in its member {@code field}; {@link CommandRequest} throws it for
 * bodies that do not fit; applications throw it for values they refuse.
 */
public class InvalidFieldException extends IllegalArgumentException {

    /** The field whose value is refused. */
    private final String field;

    /**
     * @param field the field, a JSON pointer without its leading slash for nested ones
     *     ({@code quantity}, {@code lines/0/sku})
     * @param message what is wrong with it, naming the bad value; shown to the client
     * @throws IllegalArgumentException if an argument is null
     */
    public InvalidFieldException(String field, String message) {
        super(Args.notNull("message", message));
        this.field = Args.notNull("field", field);
    }

    /** @return the field, a JSON pointer without its leading slash for nested ones */
    public String field() {
        return field;
    }
}
