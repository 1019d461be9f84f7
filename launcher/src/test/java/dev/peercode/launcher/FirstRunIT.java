package dev.peercode.launcher;

import static org.assertj.core.api.Assertions.assertThat;

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
        Path home = Path.of("..").toAbsolutePath().normalize();
        Path tmp = Files.createTempDirectory("peercode-first-run-tmp");
        Path data = Files.createTempDirectory("peercode-first-run-data");
        int gateway = FreePorts.pick();
        Path console = data.resolve("console.log");
        ProcessBuilder builder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + home.resolve("launcher/launcher.jvm"), "-Djava.io.tmpdir=" + tmp,
                "-jar", home.resolve("launcher/target/peercode-launcher.jar").toString()))
                .redirectErrorStream(true).redirectOutput(console.toFile());
        builder.environment().putAll(java.util.Map.of("PEERCODE_HOME", home.toString(), "PEERCODE_DATA_DIR",
                data.resolve("stack").toString(), "PEERCODE_GATEWAY_PORT", Integer.toString(gateway),
                "PEERCODE_PLANNER_PORT", Integer.toString(FreePorts.pick()), "PEERCODE_LOCK_PORT",
                Integer.toString(FreePorts.pick()), "PEERCODE_POSTGRES_PORT", Integer.toString(FreePorts.pick()),
                "PEERCODE_REDIS_PORT", Integer.toString(FreePorts.pick()), "MALLOC_ARENA_MAX", "2"));
        Process launcher = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            boolean ready = false;
            while (!ready && launcher.isAlive() && System.nanoTime() < deadline) {
                ready = ready(gateway);
                if (!ready) {
                    launcher.waitFor(500, TimeUnit.MILLISECONDS);
                }
            }
            assertThat(ready).as("the stack served; the launcher said:%n%s", Files.readString(console)).isTrue();
            assertThat(Files.readString(console)).doesNotContain("OutOfMemoryError");
        } finally {
            launcher.destroy(); // SIGTERM: the launcher stops what it started
            if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
                launcher.destroyForcibly();
            }
            TemporaryStack.deleteTree(tmp);
            TemporaryStack.deleteTree(data);
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
