package dev.peercode.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import dev.peercode.launcher.LaunchSettings;
import dev.peercode.launcher.LocalStack;
import dev.peercode.stores.FreePorts;

/**
 * One PeerCode set per test JVM: embedded PostgreSQL and Redis plus the three packaged services, on
 * free ports, exactly as {@code ./run-local.sh} starts them. Started on first use, stopped when the
 * JVM exits. Every test works in projects of its own, so tests share it safely.
 */
final class Stack {

    private static LocalStack stack;

    private Stack() {
    }

    static synchronized String gatewayUrl() {
        return stack().gatewayUrl();
    }

    /** The planner's internal API, which only the gateway's credential opens. */
    static synchronized String plannerUrl() {
        return stack().plannerUrl();
    }

    /** The lock service's internal API, which only the gateway's credential opens. */
    static synchronized String lockUrl() {
        return stack().lockUrl();
    }

    private static LocalStack stack() {
        if (stack == null) {
            stack = start();
        }
        return stack;
    }

    private static LocalStack start() {
        try {
            Path data = Files.createTempDirectory("peercode-e2e");
            LaunchSettings settings = new LaunchSettings(Path.of("..").toAbsolutePath().normalize(), data,
                    FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), FreePorts.pick(),
                    Optional.empty(), Optional.empty());
            LocalStack started = LocalStack.start(settings);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.close();
                delete(data);
            }, "e2e-stack-stop"));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: it is a temp directory
        }
    }
}
