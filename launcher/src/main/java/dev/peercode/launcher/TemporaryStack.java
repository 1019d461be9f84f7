package dev.peercode.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import dev.peercode.stores.FreePorts;

/**
 * The one way tests and benchmarks start a whole PeerCode: embedded PostgreSQL and Redis plus the
 * three packaged services, exactly as {@code ./run-local.sh} starts them, on free ports and in a fresh
 * temporary data directory. {@link #close()} stops it and deletes the directory; a JVM that exits
 * without closing it does both in a shutdown hook.
 */
public final class TemporaryStack implements AutoCloseable {

    private final LocalStack stack;
    private final Path data;

    private TemporaryStack(LocalStack stack, Path data) {
        this.stack = stack;
        this.data = data;
    }

    /**
     * @param home the repository root, where the packaged services are found
     * @param purpose names the data directory and the shutdown hook, e.g. {@code e2e}
     * @param auth how the gateway authenticates callers
     */
    public static TemporaryStack start(Path home, String purpose, GatewayAuth auth) {
        Path data;
        try {
            data = Files.createTempDirectory("peercode-" + purpose);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LaunchSettings settings = new LaunchSettings(home.toAbsolutePath().normalize(), data, FreePorts.pick(),
                FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), Optional.empty(),
                Optional.empty()).withGatewayAuth(auth);
        LocalStack started;
        try {
            started = LocalStack.start(settings);
        } catch (RuntimeException | Error e) {
            deleteTree(data);
            throw e;
        }
        TemporaryStack temporary = new TemporaryStack(started, data);
        Runtime.getRuntime().addShutdownHook(new Thread(temporary::close, "peercode-" + purpose + "-stop"));
        return temporary;
    }

    /** A local-mode stack (authentication off) for the repository this build runs in. */
    public static TemporaryStack startLocal(String purpose) {
        return start(Path.of(".."), purpose, GatewayAuth.LOCAL_MODE);
    }

    public LocalStack stack() {
        return stack;
    }

    public LaunchSettings settings() {
        return stack.settings();
    }

    /** Stops the stack and deletes its data directory. Safe to call twice. */
    @Override
    public void close() {
        stack.close();
        deleteTree(data);
    }

    /** Deletes a temporary data directory, best effort (also for tools that start the stack another way). */
    public static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }
}
