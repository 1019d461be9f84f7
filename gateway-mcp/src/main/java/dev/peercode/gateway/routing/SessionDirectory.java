package dev.peercode.gateway.routing;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.peercode.gateway.config.GatewayConfig;
import dev.peercode.gateway.security.GatewaySecret;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.GetExArgs;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;

/**
 * Which gateway replica holds which MCP session: {@code peercode:mcp-session:{sessionId}} holds the owner's
 * advertised URL and a signature of the session id and that URL under the gateway secret, with a TTL that every
 * request of the session renews. Redis is shared with the backends, so a record is believed only when its
 * signature checks: one written by anything without the secret (or moved to another session id) is ignored.
 */
@ApplicationScoped
class SessionDirectory {

    static final String KEY_PREFIX = "peercode:mcp-session:";
    private static final String LABEL = "session";

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;
    private final Duration ttl;
    private final GatewaySecret secret;

    SessionDirectory(ReactiveRedisDataSource redis, GatewayConfig config, GatewaySecret secret) {
        this.values = redis.value(String.class);
        this.keys = redis.key();
        this.ttl = config.routing().sessionTtl();
        this.secret = secret;
    }

    /** Records that {@code ownerUrl} holds the session, signed. */
    Uni<Void> record(String sessionId, String ownerUrl) {
        String signature = secret.sign(LABEL, sessionId + "\n" + ownerUrl).orElseThrow();
        return values.set(KEY_PREFIX + sessionId, ownerUrl + " " + signature, new SetArgs().px(ttl));
    }

    /**
     * The owner's URL, renewing the record's TTL in the same command (GETEX); {@link Record#forged()} when a
     * record exists but its signature does not check.
     */
    Uni<Optional<Record>> owner(String sessionId) {
        return values.getex(KEY_PREFIX + sessionId, new GetExArgs().px(ttl))
                .map(value -> Optional.ofNullable(value).map(v -> parse(sessionId, v)));
    }

    private Record parse(String sessionId, String value) {
        int space = value.lastIndexOf(' ');
        if (space > 0) {
            String url = value.substring(0, space);
            if (secret.verify(LABEL, sessionId + "\n" + url, value.substring(space + 1))) {
                return new Record(url, false);
            }
        }
        return new Record(null, true);
    }

    /** A session record: the owner's URL, or forged (unsigned, or signed for something else). */
    record Record(String url, boolean forged) {
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
