package dev.peercode.gateway.identity;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.peercode.api.planner.ProjectDtos.MemberView;
import dev.peercode.api.planner.ProjectDtos.VerifiedToken;
import dev.peercode.gateway.config.GatewayConfig;
import dev.peercode.gateway.live.ChannelListener;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.util.HashUtil;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Who an agent token is, and whether a person is a member of a project, kept between calls on this
 * replica, so that an authenticated call costs no planner round trip. Revocation stays immediate: the
 * planner publishes {@code {"projectId","subject"}} on {@code peercode:access} after it commits a revoked
 * token, a removed member or a changed role, and every gateway replica drops what it kept for that member
 * of that project (docs/internal-contracts.md).
 * <p>
 * A lookup that was already on its way to the planner when such a message arrived must not put its
 * answer, older than the change, back: every message bumps a generation, and an answer is kept only if
 * the generation did not move while it was fetched (checked again after it is stored, which closes the
 * window between the check and the store). Absence is never kept: a member added a moment ago is let in
 * at once. Nothing is kept while the subscription is down (everything kept is dropped when it fails), and
 * the time to live bounds what a message lost in transit could leave behind.
 */
@ApplicationScoped
public class AccessCache {

    /** See {@link #sayHello}. */
    private static final Duration HELLO_AGAIN = Duration.ofMillis(250);

    private final GatewayConfig.AccessCache config;
    private final ObjectMapper json;
    // The Redis subscription: all three null in tests that exercise the keeping alone.
    private final ReactiveRedisDataSource redis;
    private final Vertx vertx;
    private final ChannelListener listener;
    private final Cache<String, VerifiedToken> tokens;
    private final Cache<MemberKey, MemberView> members;
    private final AtomicLong generation = new AtomicLong();
    /** Whether this replica hears the changes: only then is anything kept. */
    private volatile boolean listening;
    /** The hello this replica published on its own channel and waits to hear back (see {@link #subscribed}). */
    private volatile String awaitedHello;

    private record MemberKey(String projectId, String subject) {
    }

    @Inject
    AccessCache(GatewayConfig config, ReactiveRedisDataSource redis, ObjectMapper json, Vertx vertx) {
        this(config.accessCache(), config.live().resubscribeDelay(), redis, json, vertx);
    }

    AccessCache(GatewayConfig.AccessCache config, Duration resubscribeDelay, ReactiveRedisDataSource redis,
            ObjectMapper json, Vertx vertx) {
        this.config = config;
        this.json = json;
        this.redis = redis;
        this.vertx = vertx;
        this.listener = redis == null ? null
                : new ChannelListener(redis, config.channel(), resubscribeDelay, vertx, this::onMessage,
                        this::subscribed, this::deaf);
        this.tokens = Caffeine.newBuilder().expireAfterWrite(this.config.timeToLive())
                .maximumSize(this.config.maxEntries()).build();
        this.members = Caffeine.newBuilder().expireAfterWrite(this.config.timeToLive())
                .maximumSize(this.config.maxEntries()).build();
    }

    void start(@Observes StartupEvent ignored) {
        if (listener != null && config.enabled() && !config.timeToLive().isZero() && !config.timeToLive().isNegative()) {
            listener.start();
        }
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (listener != null) {
            listener.stop();
        }
    }

    /** The verified token behind {@code secret} if this replica keeps it; never calls the planner (tests). */
    Optional<VerifiedToken> keptToken(String secret) {
        return listening ? Optional.ofNullable(tokens.getIfPresent(HashUtil.sha256(secret))) : Optional.empty();
    }

    /** The verified token behind {@code secret}, from this replica's memory or from {@code verify}. */
    public Uni<Optional<VerifiedToken>> token(String secret, Supplier<Uni<Optional<VerifiedToken>>> verify) {
        return keptOr(tokens, HashUtil.sha256(secret), verify); // the SHA-256, never the secret itself
    }

    /** The membership of {@code subject} in {@code projectId}, from this replica's memory or from {@code lookup}. */
    public Uni<Optional<MemberView>> member(String projectId, String subject, Supplier<Uni<Optional<MemberView>>> lookup) {
        return keptOr(members, new MemberKey(projectId, subject), lookup);
    }

    /** This replica wrote a new display name for the member: keep the membership as it now is. */
    public void renamed(MemberView member, String displayName) {
        MemberKey key = new MemberKey(member.projectId(), member.subject());
        members.asMap().computeIfPresent(key, (k, kept) -> new MemberView(kept.projectId(), kept.subject(), kept.role(),
                displayName, kept.addedAt()));
    }

    /**
     * Drops what is kept for {@code subject} in {@code projectId}; for every member of it when subject is null. Called
     * by {@link AccessChanges} after this replica changed a role, removed a member or revoked a token: the planner tells
     * every replica, this one need not wait for the message to act on it.
     */
    public void changed(String projectId, String subject) {
        generation.incrementAndGet();
        members.asMap().keySet()
                .removeIf(k -> k.projectId().equals(projectId) && (subject == null || k.subject().equals(subject)));
        tokens.asMap().values().removeIf(t -> t.projectId().equals(projectId)
                && (subject == null || t.memberSubject().equals(subject)));
    }

    /** What {@code cache} keeps under {@code key}, else what {@code load} answers, kept unless a change came meanwhile. */
    private <K, V> Uni<Optional<V>> keptOr(Cache<K, V> cache, K key, Supplier<Uni<Optional<V>>> load) {
        return Uni.createFrom().deferred(() -> {
            if (!listening) {
                return load.get();
            }
            V known = cache.getIfPresent(key);
            if (known != null) {
                return Uni.createFrom().item(Optional.of(known));
            }
            long before = generation.get();
            return load.get().invoke(loaded -> loaded.ifPresent(value -> keep(cache, key, value, before)));
        });
    }

    private <K, V> void keep(Cache<K, V> cache, K key, V value, long before) {
        if (generation.get() != before) {
            return;
        }
        cache.put(key, value);
        if (generation.get() != before) {
            // A change arrived between the check and the put: it may concern this very answer.
            cache.invalidate(key);
        }
    }

    /**
     * The subscription was asked for. Redis confirms it later, and a change announced before then would be
     * missed: this replica publishes a hello of its own on the channel and starts keeping answers only when it
     * hears it back ({@link #hearing}). Returns the hello.
     */
    String subscribed() {
        String hello = "{\"listening\":\"" + UUID.randomUUID() + "\"}";
        awaitedHello = hello;
        sayHello(hello);
        return hello;
    }

    /**
     * Publishes {@code hello} until this replica hears it. The subscription is asked for on its own connection and the
     * hello goes out on another one: Redis often serves the PUBLISH before the SUBSCRIBE, and a hello said once was
     * then never heard, so that nothing was ever kept and every call asked the planner.
     */
    private void sayHello(String hello) {
        if (redis == null || listening || !hello.equals(awaitedHello)) {
            return;
        }
        redis.pubsub(String.class).publish(config.channel(), hello).subscribe().with(receivers -> sayAgain(hello), e -> {
            Log.warnf("Could not check the %s subscription (%s): the planner is asked on every call until it is back",
                    config.channel(), e.toString());
            sayAgain(hello);
        });
    }

    private void sayAgain(String hello) {
        if (vertx != null && !listening && hello.equals(awaitedHello)) {
            vertx.setTimer(HELLO_AGAIN.toMillis(), t -> sayHello(hello));
        }
    }

    /** The subscription is in place: from now on answers are kept. */
    void hearing() {
        dropAll();
        if (!listening) {
            Log.infof("Access changes heard on %s: verified tokens and memberships are kept for up to %s",
                    config.channel(), config.timeToLive());
        }
        listening = true;
    }

    private void deaf(Throwable cause) {
        listening = false;
        awaitedHello = null;
        Log.warnf("Access changes unheard on %s (%s): the planner is asked on every call until it is back",
                config.channel(), cause == null ? "subscription ended" : cause);
        dropAll();
    }

    private void dropAll() {
        generation.incrementAndGet();
        members.invalidateAll();
        tokens.invalidateAll();
    }

    void onMessage(String message) {
        if (message.equals(awaitedHello)) {
            hearing();
            return;
        }
        try {
            Map<?, ?> change = json.readValue(message, Map.class);
            if (change.containsKey("listening")) {
                return; // another replica's hello
            }
            if (change.get("projectId") instanceof String projectId) {
                changed(projectId, change.get("subject") instanceof String subject ? subject : null);
                return;
            }
        } catch (Exception e) {
            // below
        }
        // Not understood: the safe reading is "something changed".
        Log.debugf("Dropping every kept answer for an access change not understood: %s", message);
        dropAll();
    }
}
