package dev.peercode.stores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import redis.embedded.RedisServer;

/**
 * A real Redis server from the binary inside codemonstur's embedded-redis jar (Redis 6.2), bound
 * to loopback and closed to other users of the machine: a new random password on every start
 * ({@code requirepass}, in the config file embedded-redis writes with mode 0600, never on a command line), and
 * the commands that reconfigure or take over the server ({@code CONFIG}, {@code DEBUG}, {@code MODULE}) renamed
 * away, so even a client with the password cannot turn persistence into a file write or load code.
 */
public final class LocalRedis implements AutoCloseable {

    /** Commands no PeerCode service uses and that would let a client reconfigure the server or run code in it. */
    static final List<String> DISABLED_COMMANDS = List.of("CONFIG", "DEBUG", "MODULE");

    private final RedisServer server;
    private final int port;
    private final String password;

    private LocalRedis(RedisServer server, int port, String password) {
        this.server = server;
        this.port = port;
        this.password = password;
    }

    /**
     * Starts a server.
     *
     * @param dataDirectory where Redis keeps its append-only file, so locks and push tokens survive
     *        a restart within their TTLs; {@code null} for a memory-only server
     * @param port the port to listen on, {@code 0} for any free one
     */
    public static LocalRedis start(Path dataDirectory, int port) {
        return start(dataDirectory, port, Secrets.random());
    }

    /** Starts a server with {@code password}: a store restarted under running services keeps the one they hold. */
    public static LocalRedis start(Path dataDirectory, int port, String password) {
        int chosen = port == 0 ? FreePorts.pick() : port;
        try {
            var builder = RedisServer.newRedisServer().port(chosen).bind("127.0.0.1")
                    .setting("requirepass " + password);
            DISABLED_COMMANDS.forEach(command -> builder.setting("rename-command " + command + " \"\""));
            if (dataDirectory == null) {
                builder.setting("save \"\"").setting("appendonly no");
            } else {
                Files.createDirectories(dataDirectory);
                builder.setting("dir " + dataDirectory.toAbsolutePath())
                        .setting("appendonly yes")
                        .setting("appendfsync everysec");
            }
            RedisServer server = builder.build();
            server.start();
            return new LocalRedis(server, chosen, password);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded Redis on port " + chosen, e);
        }
    }

    /** This run's password. */
    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    /** The URI with this run's password ({@code redis://:password@127.0.0.1:port}): pass it on by environment. */
    public String uri() {
        return "redis://:" + password + "@127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop the embedded Redis", e);
        }
    }
}
