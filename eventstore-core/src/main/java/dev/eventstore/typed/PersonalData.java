package dev.eventstore.typed;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component of an event as personal data of a data subject, for crypto-shredding.
 * {@link EventTypes#encode} encrypts the component's JSON with the subject's key (AES-GCM, a fresh
 * nonce per value) before it reaches the store; reads decrypt it. Once the subject is forgotten
 * ({@link SubjectKeyStore#forget}), its key is gone and reads return the event with the component
 * redacted: a {@code String} component reads as {@link #placeholder()}, a primitive one as its default
 * ({@code 0}, {@code false}), any other type as {@code null}. A read never fails because a key is gone.
 *
 * <pre>{@code
 * record CustomerRegistered(String customerId,
 *         @PersonalData(subject = "customerId") String name,
 *         @PersonalData(subject = "customerId", placeholder = "forgotten customer") String email) {}
 * }</pre>
 *
 * <p>Rules, checked when the {@link EventTypes} is built:
 * <ul>
 *   <li>{@link #subject()} names another component of the same record; its value (written with
 *       {@code toString()}) is the subject's id and the key's name. It stays in plain text: it is how
 *       the key is found. It must not be null when the event is encoded.</li>
 *   <li>The subject component itself cannot be personal data.</li>
 *   <li>Personal data may sit in nested records (a component whose type is a record is searched too);
 *       components inside lists, maps and arrays are not searched: mark the whole collection instead.</li>
 *   <li>The component's JSON property name must be its component name (no {@code @JsonProperty}
 *       renaming of personal components).</li>
 * </ul>
 *
 * <p>Tags, stream ids and metadata are stored in plain text: never derive them from personal data.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface PersonalData {

    /** The text a redacted {@code String} component reads as, unless the annotation names another. */
    String FORGOTTEN = "[forgotten]";

    /** @return the name of the component of the same record whose value is the data subject's id */
    String subject();

    /** @return what a redacted {@code String} component reads as; {@value #FORGOTTEN} by default */
    String placeholder() default FORGOTTEN;
}
