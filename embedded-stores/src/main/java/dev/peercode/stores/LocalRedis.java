package dev.peercode.stores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import redis.embedded.RedisServer;

/**
 * A real Redis server from the binary inside codemonstur's embedded-redis jar (Redis 6.2), bound
 * to loopback.
 */
public final class LocalRedis implements AutoCloseable {

    private final RedisServer server;
    private final int port;

    private LocalRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts a server.
     *
     * @param dataDirectory where Redis keeps its append-only file, so locks and push tokens survive
     *        a restart within their TTLs; {@code null} for a memory-only server
     * @param port the port to listen on, {@code 0} for any free one
     */
    public static LocalRedis start(Path dataDirectory, int port) {
        int chosen = port == 0 ? FreePorts.pick() : port;
        try {
            var builder = RedisServer.newRedisServer().port(chosen).bind("127.0.0.1");
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
            return new LocalRedis(server, chosen);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded Redis on port " + chosen, e);
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
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
