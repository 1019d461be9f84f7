package dev.peercode.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Quarkus service running from its packaged {@code quarkus-run.jar} as a child process. Public
 * so that tests can start several replicas of a service next to each other (e2e-tests'
 * {@code ScaleOutIT}); {@link LocalStack} is the one-of-each set.
 */
public final class ServiceProcess {

    private static final int TAIL_BYTES = 64 * 1024;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;
    private final Path jar;
    private final Map<String, String> environment;
    private final long startedNanos = System.nanoTime();
    private volatile Duration readyAfter;

    private ServiceProcess(String name, int port, Path log, Process process, Path jar, Map<String, String> environment) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
        this.jar = jar;
        this.environment = Map.copyOf(environment);
    }

    /**
     * Starts {@code jar} with {@code QUARKUS_HTTP_PORT=port} and {@code environment}; output goes to
     * {@code logDirectory/name.log}.
     */
    public static ServiceProcess start(String name, Path jar, int port, Path logDirectory, Map<String, String> environment) {
        return start(name, jar, port, logDirectory, environment, false);
    }

    /** The same service started again: same jar, port, environment; its log is appended to. */
    public ServiceProcess restart() {
        return start(name, jar, port, log.getParent(), environment, true);
    }

    private static ServiceProcess start(String name, Path jar, int port, Path logDirectory, Map<String, String> environment,
            boolean appendLog) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with ./mvnw -DskipTests install");
        }
        Path log = logDirectory.resolve(name + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(ServiceJvm.options(jar, System.getenv(ServiceJvm.EXTRA_OPTIONS)));
        // From its own directory, as "-jar quarkus-run.jar": the class-data archive the build made there records the
        // class path as the build ran it, and the JVM maps the archive only when the class path is the same.
        command.add("-jar");
        command.add(jar.getFileName().toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(jar.toAbsolutePath().getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(appendLog ? ProcessBuilder.Redirect.appendTo(log.toFile())
                        : ProcessBuilder.Redirect.to(log.toFile()));
        // glibc's default of 8 malloc arenas per core holds on to memory a JVM's threads freed long ago.
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        try {
            return new ServiceProcess(name, port, log, builder.start(), jar, environment);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    /** From process start to the first 200 of {@code /q/health/ready}; {@code null} before {@link #awaitReady}. */
    public Duration readyAfter() {
        return readyAfter;
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** Completes when the process has exited, however it ended. */
    java.util.concurrent.CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** The exit code; only once the process has exited. */
    int exitCode() {
        return process.exitValue();
    }

    Path log() {
        return log;
    }

    /**
     * Waits until {@code /q/health/ready} answers 200 (the service reached its real backends).
     * Fails at once if the process dies, with the end of its log.
     */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest probe = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(3)).GET().build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        name + " exited with code " + process.exitValue() + ". End of " + log + ":\n" + tail(40));
            }
            try {
                if (HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    readyAfter = Duration.ofNanos(System.nanoTime() - startedNanos);
                    return;
                }
                Thread.sleep(250);
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + ". End of " + log + ":\n" + tail(40));
    }

    /** Asks the process and its descendants to stop (SIGTERM), then kills whatever is left after the grace period. */
    public void stop(Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * The last {@code count} lines of the service's log, read from its last 64 KiB only: the log is appended to
     * across restarts and may be large, and the launcher's heap is kept small.
     */
    String tail(int count) {
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, file.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            if (start > 0 && !lines.isEmpty()) {
                lines = lines.subList(1, lines.size()); // the first one is cut
            }
            return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
