package dev.peercode.launcher;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the local run can be told, read from the environment so the same variables work for
 * the launcher script, a CI job and a test.
 *
 * @param home the repository root, where the packaged services are found
 * @param dataDirectory where the embedded PostgreSQL cluster, the Redis append-only file and the
 *        service logs live between runs
 * @param gatewayPort the public port (MCP, REST API, web UI)
 * @param plannerPort the planner-service port
 * @param lockPort the lock-service port
 * @param postgresPort the embedded PostgreSQL port
 * @param redisPort the embedded Redis port
 * @param externalDatabase an existing PostgreSQL to use instead of the embedded one
 * @param externalRedisUrl an existing Redis to use instead of the embedded one
 * @param gatewayAuth whether and how the gateway authenticates callers (default: local mode, off)
 */
public record LaunchSettings(
        Path home,
        Path dataDirectory,
        int gatewayPort,
        int plannerPort,
        int lockPort,
        int postgresPort,
        int redisPort,
        Optional<ExternalDatabase> externalDatabase,
        Optional<String> externalRedisUrl,
        GatewayAuth gatewayAuth) {

    /** A local-mode run: authentication off, gateway on loopback. */
    public LaunchSettings(Path home, Path dataDirectory, int gatewayPort, int plannerPort, int lockPort, int postgresPort,
            int redisPort, Optional<ExternalDatabase> externalDatabase, Optional<String> externalRedisUrl) {
        this(home, dataDirectory, gatewayPort, plannerPort, lockPort, postgresPort, redisPort, externalDatabase,
                externalRedisUrl, GatewayAuth.LOCAL_MODE);
    }

    /** The same settings with the gateway authenticating as {@code auth} says. */
    public LaunchSettings withGatewayAuth(GatewayAuth auth) {
        return new LaunchSettings(home, dataDirectory, gatewayPort, plannerPort, lockPort, postgresPort, redisPort,
                externalDatabase, externalRedisUrl, auth);
    }

    /** Connection details of a PostgreSQL the launcher does not start. */
    public record ExternalDatabase(String jdbcUrl, String user, String password) {
    }

    public static LaunchSettings from(Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("PEERCODE_HOME", ".")).toAbsolutePath().normalize();
        // $HOME, as the shell sees it, before the password database's home that user.home reports.
        String userHome = env.getOrDefault("HOME", System.getProperty("user.home"));
        Path data = Path.of(env.getOrDefault("PEERCODE_DATA_DIR", Path.of(userHome, ".peercode", "local").toString()));
        Optional<ExternalDatabase> database = nonBlank(env.get("PEERCODE_DB_URL"))
                .map(url -> new ExternalDatabase(url, env.getOrDefault("PEERCODE_DB_USER", "peercode"),
                        env.getOrDefault("PEERCODE_DB_PASSWORD", "")));
        return new LaunchSettings(home, data.toAbsolutePath().normalize(),
                port(env, "PEERCODE_GATEWAY_PORT", 8080),
                port(env, "PEERCODE_PLANNER_PORT", 8081),
                port(env, "PEERCODE_LOCK_PORT", 8082),
                port(env, "PEERCODE_POSTGRES_PORT", 15432),
                port(env, "PEERCODE_REDIS_PORT", 16379),
                database,
                nonBlank(env.get("PEERCODE_REDIS_URL")),
                GatewayAuth.from(env));
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number between 1 and 65535, got '" + value + "'");
        }
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}
