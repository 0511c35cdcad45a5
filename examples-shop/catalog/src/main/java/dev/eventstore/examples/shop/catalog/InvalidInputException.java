package dev.eventstore.examples.shop.catalog;

/**
 * A request or command holds a bad value: the message names the field and the value. The HTTP layer
 * answers it with a 400 problem naming {@link #field()}.
 */
public final class InvalidInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field the field's name as the request spells it, for example {@code items/1/quantity}
     * @param problem what is wrong with it, ending with the bad value
     */
    public InvalidInputException(String field, String problem) {
        super(field + " " + problem);
        this.field = field;
    }

    /** @return the field's name as the request spells it */
    public String field() {
        return field;
    }
}
