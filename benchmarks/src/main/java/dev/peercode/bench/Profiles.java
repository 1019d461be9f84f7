package dev.peercode.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Optional profiling of the services ({@code BENCH_JFR=<directory>}): a Java Flight Recorder recording
 * ({@code settings=profile}: execution samples every 10–20 ms, allocation and lock events) of each
 * service over each measured window, started and dumped with {@code jcmd}, so a hot spot can be read
 * per scenario ({@code jfr print --events jdk.ExecutionSample}, or {@code jfr view hot-methods} on a
 * JDK 21+). The services' pids change when the start-up scenario restarts them, hence suppliers.
 */
final class Profiles {

    private final Path directory;
    private final Map<String, LongSupplier> services;
    private final String jcmd;

    private Profiles(Path directory, Map<String, LongSupplier> services) {
        this.directory = directory;
        this.services = services;
        this.jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    }

    /** Profiling into {@code directory} (relative to {@code home}), or off when it is blank. */
    static Profiles from(String directory, Path home, Map<String, LongSupplier> services) {
        return new Profiles(directory == null || directory.isBlank() ? null : home.resolve(directory), services);
    }

    /** Starts one recording per service; returns its name (null when profiling is off). */
    String start(String scenario) {
        if (directory == null) {
            return null;
        }
        String name = scenario.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-+$", "");
        services.forEach((service, pid) -> jcmd(pid.getAsLong(), "JFR.start", "name=" + name, "settings=profile"));
        return name;
    }

    /** Stops the recordings and writes {@code <scenario>-<service>.jfr}. */
    void stop(String name) {
        if (name == null) {
            return;
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        services.forEach((service, pid) -> jcmd(pid.getAsLong(), "JFR.stop", "name=" + name,
                "filename=" + directory.resolve(name + "-" + service + ".jfr")));
    }

    private void jcmd(long pid, String... command) {
        String[] line = new String[command.length + 2];
        line[0] = jcmd;
        line[1] = Long.toString(pid);
        System.arraycopy(command, 0, line, 2, command.length);
        try {
            Process p = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroy();
            }
        } catch (IOException e) {
            System.err.println("  jcmd " + String.join(" ", command) + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
