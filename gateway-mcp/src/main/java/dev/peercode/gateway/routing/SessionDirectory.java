package dev.peercode.gateway.routing;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.peercode.gateway.config.GatewayConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.GetExArgs;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;

/**
 * Which gateway replica holds which MCP session: {@code peercode:mcp-session:{sessionId}} holds the owner's
 * advertised URL, with a TTL that every request of the session renews. Only gateways write these keys, and
 * only with their own configured address, so a forwarded request can only ever reach a gateway.
 */
@ApplicationScoped
class SessionDirectory {

    static final String KEY_PREFIX = "peercode:mcp-session:";

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;
    private final Duration ttl;

    SessionDirectory(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.values = redis.value(String.class);
        this.keys = redis.key();
        this.ttl = config.routing().sessionTtl();
    }

    /** Records that {@code ownerUrl} holds the session. */
    Uni<Void> record(String sessionId, String ownerUrl) {
        return values.set(KEY_PREFIX + sessionId, ownerUrl, new SetArgs().px(ttl));
    }

    /** The owner's URL, renewing the record's TTL in the same command (GETEX). */
    Uni<Optional<String>> owner(String sessionId) {
        return values.getex(KEY_PREFIX + sessionId, new GetExArgs().px(ttl)).map(Optional::ofNullable);
    }

    /** Renews the TTL of a session this replica holds and serves itself. */
    Uni<Void> touch(String sessionId) {
        return keys.pexpire(KEY_PREFIX + sessionId, ttl).replaceWithVoid();
    }

    /** Drops the record: the session was closed, or its owner is gone. */
    Uni<Void> forget(String sessionId) {
        return keys.del(KEY_PREFIX + sessionId).replaceWithVoid();
    }
}
