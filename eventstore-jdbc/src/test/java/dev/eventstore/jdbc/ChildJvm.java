package dev.eventstore.jdbc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a class of the tests in a JVM of its own, on the tests' class path: a second process on the
 * same database, which a test can kill.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * @param main the class whose {@code main} runs
     * @param arguments its arguments
     * @return the command line
     */
    public static List<String> command(Class<?> main, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(arguments);
        return command;
    }

    /**
     * Starts {@code main} with its standard error (its log) going to {@code log}.
     *
     * @param main the class whose {@code main} runs
     * @param arguments its arguments
     * @param log where its standard error goes, appended to
     * @return the process; its standard output is the caller's to read
     * @throws IOException if it cannot be started
     */
    public static Process start(Class<?> main, List<String> arguments, Path log) throws IOException {
        return new ProcessBuilder(command(main, arguments))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /**
     * Opens the store a child's arguments name: {@code sqlite <file>} or
     * {@code postgres <url> <schema>}.
     *
     * @param arguments the arguments, from the first
     * @return the store
     */
    public static JdbcEventStore openStore(List<String> arguments) {
        return arguments.get(0).equals("sqlite")
                ? JdbcEventStore.sqlite(Path.of(arguments.get(1))).build()
                : JdbcEventStore.postgres(arguments.get(1)).schema(arguments.get(2)).build();
    }
}
