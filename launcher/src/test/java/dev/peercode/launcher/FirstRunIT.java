package dev.peercode.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.peercode.stores.FreePorts;

/**
 * The README's first command on a new machine: the packaged launcher started with the JVM options
 * {@code run-local.sh} gives it ({@code launcher.jvm}) and a temporary directory with nothing unpacked in it yet,
 * so the embedded PostgreSQL unpacks its binaries inside the launcher's small heap (24 and 32 MB died there with
 * OutOfMemoryError). Passes when the gateway serves.
 */
class FirstRunIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void theLauncherStartsTheWholeStackOnAFreshMachineWithItsOwnJvmOptions() throws Exception {
        Path tmp = Files.createTempDirectory("peercode-first-run-tmp");
        Path data = Files.createTempDirectory("peercode-first-run-data");
        int gateway = FreePorts.pick();
        Process launcher = launch(tmp, data, gateway);
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            boolean ready = false;
            while (!ready && launcher.isAlive() && System.nanoTime() < deadline) {
                ready = ready(gateway);
                if (!ready) {
                    launcher.waitFor(500, TimeUnit.MILLISECONDS);
                }
            }
            assertThat(ready).as("the stack served; the launcher said:%n%s", console(data)).isTrue();
            assertThat(console(data)).doesNotContain("OutOfMemoryError");
        } finally {
            stop(launcher);
            TemporaryStack.deleteTree(tmp);
            TemporaryStack.deleteTree(data);
        }
    }

    /**
     * A launcher stopped (SIGTERM, as a process manager or a test stops it) while it still starts the stack: the
     * lock service and the gateway are running, PostgreSQL is being created. Every service it started stops with
     * it; before, the ones not ready yet were left running without their launcher.
     */
    @Test
    void aLauncherStoppedWhileStartingStopsTheServicesItHadStarted() throws Exception {
        Path tmp = Files.createTempDirectory("peercode-first-run-tmp");
        Path data = Files.createTempDirectory("peercode-first-run-data");
        Process launcher = launch(tmp, data, FreePorts.pick());
        List<ProcessHandle> services;
        try {
            // logged after both services were started, before the database (created on this first run) is up
            await().atMost(Duration.ofMinutes(2)).until(() -> console(data).contains("Starting PostgreSQL"));
            services = launcher.descendants().filter(p -> p.info().commandLine().orElse("").contains("quarkus-run.jar"))
                    .toList();
            assertThat(services).as("the lock service and the gateway run; the launcher said:%n%s", console(data))
                    .hasSize(2);
        } finally {
            stop(launcher);
        }
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(
                    () -> assertThat(services).as("services left running by their stopped launcher")
                            .noneMatch(ProcessHandle::isAlive));
        } finally {
            services.forEach(ProcessHandle::destroyForcibly);
            TemporaryStack.deleteTree(tmp);
            TemporaryStack.deleteTree(data);
        }
    }

    /** The packaged launcher as {@code run-local.sh} starts it, on free ports, its console in {@code data}. */
    private static Process launch(Path tmp, Path data, int gateway) throws IOException {
        Path home = Path.of("..").toAbsolutePath().normalize();
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + home.resolve("launcher/launcher.jvm"), "-Djava.io.tmpdir=" + tmp,
                "-jar", home.resolve("launcher/target/peercode-launcher.jar").toString()))
                .redirectErrorStream(true).redirectOutput(data.resolve("console.log").toFile());
        builder.environment().putAll(java.util.Map.of("PEERCODE_HOME", home.toString(), "PEERCODE_DATA_DIR",
                data.resolve("stack").toString(), "PEERCODE_GATEWAY_PORT", Integer.toString(gateway),
                "PEERCODE_PLANNER_PORT", Integer.toString(FreePorts.pick()), "PEERCODE_LOCK_PORT",
                Integer.toString(FreePorts.pick()), "PEERCODE_POSTGRES_PORT", Integer.toString(FreePorts.pick()),
                "PEERCODE_REDIS_PORT", Integer.toString(FreePorts.pick()), "MALLOC_ARENA_MAX", "2"));
        return builder.start();
    }

    private static String console(Path data) throws IOException {
        return Files.readString(data.resolve("console.log"));
    }

    private static void stop(Process launcher) throws InterruptedException {
        launcher.destroy(); // SIGTERM: the launcher stops what it started
        if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
            launcher.destroyForcibly();
        }
    }

    private static boolean ready(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
