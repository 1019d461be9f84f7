package dev.peercode.gateway.routing;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.peercode.gateway.config.GatewayConfig;
import dev.peercode.gateway.security.GatewaySecret;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * The gateway replicas that are alive now: {@code peercode:gateway-replica:{advertised URL}} holds a signature of
 * that URL under the gateway secret and lives {@link #TTL}; each replica renews its own every {@link #HEARTBEAT}
 * and deletes it when it stops. A forwarded hop goes only to a URL found here with a valid signature, so neither a
 * forged session record nor a stale one of a replica that has gone sends a request, let alone a credential,
 * anywhere else.
 */
@ApplicationScoped
class ReplicaRegistry {

    static final String KEY_PREFIX = "peercode:gateway-replica:";
    static final Duration TTL = Duration.ofSeconds(30);
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    private static final String LABEL = "replica";

    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;
    private final GatewaySecret secret;
    private final Optional<String> self;
    private final boolean enabled;
    /** Replicas confirmed live lately: a forwarded stream of requests costs one Redis read per few seconds. */
    private final Cache<String, Boolean> confirmed = Caffeine.newBuilder().maximumSize(1_000)
            .expireAfterWrite(Duration.ofSeconds(5)).build();
    private long timer = -1;

    ReplicaRegistry(ReactiveRedisDataSource redis, GatewaySecret secret, GatewayConfig config) {
        this.values = redis.value(String.class);
        this.keys = redis.key();
        this.secret = secret;
        this.self = SessionRouter.advertised(config.routing());
        this.enabled = config.routing().enabled() && secret.present() && self.isPresent();
    }

    void start(@Observes StartupEvent started, Vertx vertx) {
        if (enabled) {
            heartbeat();
            timer = vertx.setPeriodic(HEARTBEAT.toMillis(), id -> heartbeat());
        }
    }

    void stop(@Observes ShutdownEvent stopping, Vertx vertx) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            // Best effort: without Redis the registration simply expires with its TTL.
            keys.del(KEY_PREFIX + self.orElseThrow()).ifNoItem().after(Duration.ofSeconds(2)).recoverWithItem(0)
                    .onFailure().recoverWithItem(0).await().indefinitely();
        }
    }

    private void heartbeat() {
        String url = self.orElseThrow();
        values.set(KEY_PREFIX + url, secret.sign(LABEL, url).orElseThrow(), new SetArgs().px(TTL)).subscribe().with(
                ok -> {
                }, failure -> Log.debugf("Replica heartbeat failed (Redis unavailable): %s", failure.toString()));
    }

    /** Whether {@code url} is a registered, live replica whose registration this secret signed. */
    Uni<Boolean> isLive(String url) {
        if (confirmed.getIfPresent(url) != null) {
            return Uni.createFrom().item(true);
        }
        return values.get(KEY_PREFIX + url).map(signature -> {
            boolean live = secret.verify(LABEL, url, signature);
            if (live) {
                confirmed.put(url, Boolean.TRUE);
            }
            return live;
        });
    }
}
