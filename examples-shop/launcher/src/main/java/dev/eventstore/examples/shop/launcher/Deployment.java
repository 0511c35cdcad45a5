package dev.eventstore.examples.shop.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shop as operating-system processes: one per service, each given only its own database's URL and
 * its peers' HTTP addresses. Starts them (on free ports), waits until they answer, kills them with
 * SIGKILL ({@code kill -9}) and starts them again on the same port and database. Each child watches
 * this process and exits when it does, so no service outlives its launcher, even one killed itself.
 *
 * <p>A child's output goes to {@code <data directory>/logs/<service>.log}.
 */
public final class Deployment implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Path dataDirectory;
    private final Map<ServiceName, String> databases;
    private final Map<ServiceName, Integer> ports = new EnumMap<>(ServiceName.class);
    private final Map<ServiceName, Map<String, String>> settings = new EnumMap<>(ServiceName.class);
    // Read by the web page's threads while its operator's thread stops and starts services.
    private final Map<ServiceName, Process> processes = Collections.synchronizedMap(new EnumMap<>(ServiceName.class));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param dataDirectory where logs go (and SQLite files, as {@code databases} say)
     * @param databases the JDBC URL of each service's database
     * @throws UncheckedIOException if no free port can be found or the log directory cannot be made
     */
    public Deployment(Path dataDirectory, Map<ServiceName, String> databases) {
        this.dataDirectory = dataDirectory;
        this.databases = new EnumMap<>(databases);
        for (ServiceName name : ServiceName.values()) {
            if (!databases.containsKey(name)) {
                throw new IllegalArgumentException("no database for " + name.id());
            }
            ports.put(name, freePort());
            settings.put(name, new LinkedHashMap<>());
        }
        try {
            Files.createDirectories(dataDirectory.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * SQLite files in a directory, one per service.
     *
     * @param dataDirectory the directory
     * @return each service's database URL
     */
    public static Map<ServiceName, String> sqliteFiles(Path dataDirectory) {
        Map<ServiceName, String> urls = new EnumMap<>(ServiceName.class);
        for (ServiceName name : ServiceName.values()) {
            urls.put(name, "jdbc:sqlite:" + dataDirectory.resolve(name.id() + ".db").toAbsolutePath());
        }
        return urls;
    }

    /**
     * Sets a service's setting for its next start.
     *
     * @param name the service
     * @param key the setting, as the service knows it
     * @param value its value
     * @return this
     */
    public Deployment set(ServiceName name, String key, String value) {
        settings.get(name).put(key, value);
        return this;
    }

    /** @return where the data and logs are */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * @param name a service
     * @return its base URL, such as {@code http://127.0.0.1:41234}
     */
    public URI url(ServiceName name) {
        return URI.create("http://127.0.0.1:" + ports.get(name));
    }

    /**
     * @param name a service
     * @return its database's URL
     */
    public String database(ServiceName name) {
        return databases.get(name);
    }

    /**
     * Starts every service not running, then waits until all answer.
     *
     * @throws IllegalStateException if one does not answer in time (its log is named)
     */
    public void startAll() {
        for (ServiceName name : ServiceName.values()) {
            if (!running(name)) {
                spawn(name);
            }
        }
        for (ServiceName name : ServiceName.values()) {
            awaitReady(name);
        }
    }

    /**
     * Starts a service and waits until it answers.
     *
     * @param name the service
     * @throws IllegalStateException if it is running already, or does not answer in time
     */
    public void start(ServiceName name) {
        if (running(name)) {
            throw new IllegalStateException(name.id() + " is running already");
        }
        spawn(name);
        awaitReady(name);
    }

    /**
     * @param name a service
     * @return true if its process is alive
     */
    public boolean running(ServiceName name) {
        Process process = processes.get(name);
        return process != null && process.isAlive();
    }

    /**
     * @param name a service
     * @return its process id; -1 if it is not running
     */
    public long pid(ServiceName name) {
        Process process = processes.get(name);
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    /**
     * Kills a service the hard way, as {@code kill -9} would: no shutdown hook runs, nothing is flushed
     * or closed; what it had not committed is lost.
     *
     * @param name the service
     * @throws IllegalStateException if it does not die within 10 s
     */
    public void kill(ServiceName name) {
        Process process = processes.remove(name);
        if (process == null) {
            return;
        }
        process.destroyForcibly(); // SIGKILL on Unix
        await(process, "killed");
    }

    /**
     * Stops a service politely (SIGTERM): it closes its reactors and its store first.
     *
     * @param name the service
     */
    public void stop(ServiceName name) {
        Process process = processes.remove(name);
        if (process == null) {
            return;
        }
        process.destroy();
        if (!awaitQuietly(process, Duration.ofSeconds(20))) {
            process.destroyForcibly();
            await(process, "stopped");
        }
    }

    /**
     * Stops every service politely: first those that follow others' feeds, so that none of them logs
     * its peers going away, then the rest.
     */
    @Override
    public void close() {
        List<ServiceName> followers = new ArrayList<>();
        List<ServiceName> others = new ArrayList<>();
        List<ServiceName> running;
        synchronized (processes) {
            running = new ArrayList<>(processes.keySet());
        }
        for (ServiceName name : running) {
            (name.peers().isEmpty() ? others : followers).add(name);
        }
        stopAll(followers);
        stopAll(others);
    }

    private void stopAll(List<ServiceName> names) {
        for (ServiceName name : names) {
            Process process = processes.get(name);
            if (process != null) {
                process.destroy();
            }
        }
        for (ServiceName name : names) {
            Process process = processes.remove(name);
            if (process != null && !awaitQuietly(process, Duration.ofSeconds(20))) {
                process.destroyForcibly();
                awaitQuietly(process, Duration.ofSeconds(10));
            }
        }
    }

    /**
     * @param name a service
     * @return its log file
     */
    public Path log(ServiceName name) {
        return dataDirectory.resolve("logs").resolve(name.id() + ".log");
    }

    // ------------------------------------------------------------------------------------ internals

    private void spawn(ServiceName name) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Small, quick-starting JVMs: six of them share the machine.
        command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Shop.class.getName(), "service",
                name.id(), "--db", databases.get(name), "--port", Integer.toString(ports.get(name)),
                "--exit-with", Long.toString(ProcessHandle.current().pid())));
        for (String peer : name.peers()) {
            command.addAll(List.of("--peer", peer + "=" + url(ServiceName.of(peer))));
        }
        settings.get(name).forEach((key, value) -> command.addAll(List.of("--set", key + "=" + value)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile()));
        try {
            processes.put(name, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name.id(), e);
        }
    }

    private void awaitReady(ServiceName name) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        HttpRequest request = HttpRequest.newBuilder(url(name).resolve("/status")).timeout(Duration.ofSeconds(2))
                .GET().build();
        while (true) {
            Process process = processes.get(name);
            if (process == null || !process.isAlive()) {
                throw new IllegalStateException(name.id() + " exited while starting; see " + log(name));
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name.id(), e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name.id() + " did not answer within " + READY_TIMEOUT.toSeconds()
                        + " s; see " + log(name));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name.id(), e);
            }
        }
    }

    private static void await(Process process, String what) {
        if (!awaitQuietly(process, Duration.ofSeconds(10))) {
            throw new IllegalStateException("process " + process.pid() + " was " + what + " but did not exit");
        }
    }

    private static boolean awaitQuietly(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
