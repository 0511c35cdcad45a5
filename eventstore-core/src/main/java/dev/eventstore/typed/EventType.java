package dev.eventstore.typed;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names an event class and its current schema version, for
 * {@link EventTypes.Builder#registerSealed(Class)}, which registers every permitted subclass of a
 * sealed interface at once.
 *
 * <pre>{@code
 * sealed interface AccountEvent permits Opened, Deposited {}
 * @EventType(name = "AccountOpened") record Opened(String accountId, String holder) implements AccountEvent {}
 * @EventType(name = "MoneyDeposited", version = 2) record Deposited(String accountId, BigDecimal amount)
 *         implements AccountEvent {}
 * }</pre>
 *
 * <p>A class registered without this annotation is named by its simple class name, at version 1.
 * The name is what the store keeps in {@link dev.eventstore.EventData#type()}: once events are
 * stored, renaming the class is harmless, renaming the type is not.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

    /** @return the type name stored with each event; empty (the default) for the simple class name */
    String name() default "";

    /**
     * @return the current schema version of the class, from 1; raise it when the JSON shape changes
     *     and register an {@link Upcaster} from the previous version
     */
    int version() default 1;
}
