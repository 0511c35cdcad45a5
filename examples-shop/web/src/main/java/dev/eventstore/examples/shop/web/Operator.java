package dev.eventstore.examples.shop.web;

import java.net.URI;
import java.util.List;

/**
 * What the page's operator may do to the shop's processes, and what it may know of them beyond their
 * HTTP APIs: given by whoever runs the processes (the launcher). The page gets each service's URL, and
 * its database's URL only to say what kind of database it is: the page never opens one.
 *
 * <p>Called from the page server's threads, one action at a time; {@link #pid} from any thread.
 */
public interface Operator {

    /** @return the services' names, in the order they start: {@code catalog}, …, {@code order-history} */
    List<String> services();

    /**
     * @param service one of {@link #services()}
     * @return its base URL, such as {@code http://127.0.0.1:41234}
     * @throws IllegalArgumentException naming an unknown service
     */
    URI url(String service);

    /**
     * @param service one of {@link #services()}
     * @return the JDBC URL of its database ({@code jdbc:sqlite:FILE}, {@code jdbc:postgresql://…})
     * @throws IllegalArgumentException naming an unknown service
     */
    String database(String service);

    /**
     * @param service one of {@link #services()}
     * @return its process id; -1 while it is not running
     * @throws IllegalArgumentException naming an unknown service
     */
    long pid(String service);

    /**
     * Stops a service politely (its reactors and store close first) and returns once its process has
     * exited. A service that is not running is left as it is.
     *
     * @param service one of {@link #services()}
     * @throws IllegalArgumentException naming an unknown service
     */
    void stop(String service);

    /**
     * Starts a service that is not running, on its port and database, and returns once it answers.
     *
     * @param service one of {@link #services()}
     * @throws IllegalArgumentException naming an unknown service
     * @throws IllegalStateException if it is running already, or does not answer in time
     */
    void start(String service);

    /**
     * Changes a setting of a service for its next start.
     *
     * @param service one of {@link #services()}
     * @param key the setting, as the service knows it ({@code order-placed-version})
     * @param value its value
     * @throws IllegalArgumentException naming an unknown service
     */
    void set(String service, String key, String value);
}
