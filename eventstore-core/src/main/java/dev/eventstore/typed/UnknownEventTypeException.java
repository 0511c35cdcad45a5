package dev.eventstore.typed;

import dev.eventstore.RecordedEvent;

/**
 * A recorded event's type name is not registered in the {@link EventTypes} that read it. Thrown
 * unless the registry was built with {@link EventTypes.Builder#skipUnknownTypes(boolean)}.
 */
public class UnknownEventTypeException extends EventDecodingException {

    /**
     * @param event the event whose type is unknown
     */
    public UnknownEventTypeException(RecordedEvent event) {
        super(event, "the type '" + event.type() + "' is not registered", null);
    }
}
