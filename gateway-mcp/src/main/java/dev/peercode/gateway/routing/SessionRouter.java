package dev.peercode.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.peercode.gateway.config.GatewayConfig;
import dev.peercode.gateway.security.GatewaySecret;
import io.quarkiverse.mcp.server.runtime.ConnectionManager;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Lets every gateway replica serve every MCP Streamable HTTP session. The MCP extension keeps a session in the
 * memory of the replica that answered its {@code initialize}, and answers 404 for a session it does not hold;
 * a load balancer cannot route {@code initialize} by session (it has no {@code Mcp-Session-Id} yet). So each
 * replica records the sessions it creates in Redis ({@link SessionDirectory}) and forwards a request for a
 * session held elsewhere to its owner ({@link SessionForwarder}). A session nobody holds any more (its owner
 * stopped) gets the extension's 404, and the client starts a new session, as the MCP specification says.
 * <p>
 * Only {@code /mcp} is routed. The legacy SSE transport ({@code /mcp/sse} + {@code /mcp/messages/{id}})
 * announces its session id inside the event stream, not in a header; it needs one replica or client-address
 * affinity (k8s/README.md).
 */
@ApplicationScoped
class SessionRouter {

    /**
     * After the EdgeFilter (Origin check and rate limit, order -1000) and before authentication (order -200):
     * the owner authenticates the forwarded request itself, so an agent token is verified once, not twice.
     */
    static final int ORDER = -500;

    static final String SESSION_HEADER = "Mcp-Session-Id";

    /**
     * The extension's ids are URL-safe Base64; anything else cannot be a session: it is neither looked up nor
     * handed to the extension.
     */
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_=-]{1,128}");

    private final GatewayConfig.Routing config;
    private final boolean enabled;
    private final ReplicaRegistry replicas;
    private final Optional<String> self;
    private final SessionDirectory directory;
    private final SessionForwarder forwarder;
    private final ConnectionManager localSessions;
    /**
     * Sessions whose record this replica renewed lately. A record lives for the session TTL (30 min), so
     * renewing it on every request would only add a Redis call to each tool call; once per 1/30 of the TTL
     * keeps it alive with a wide margin. Bounded: a forgotten session is merely renewed on its next request.
     */
    private final Cache<String, Boolean> renewed;

    SessionRouter(GatewayConfig config, SessionDirectory directory, SessionForwarder forwarder,
            ConnectionManager localSessions, ReplicaRegistry replicas, GatewaySecret secret) {
        this.config = config.routing();
        // Without the gateway secret a record could not be signed, nor a hop proven: this replica serves only
        // the sessions it holds (GatewaySecret refuses to start so in production).
        this.enabled = this.config.enabled() && secret.present();
        this.self = advertised(this.config);
        this.directory = directory;
        this.forwarder = forwarder;
        this.replicas = replicas;
        // The extension's registry of the sessions this JVM holds (a bean of its runtime, not an SPI; see
        // k8s/README.md for what to re-check on upgrades).
        this.localSessions = localSessions;
        this.renewed = Caffeine.newBuilder().maximumSize(100_000)
                .expireAfterWrite(this.config.sessionTtl().dividedBy(30)).build();
    }

    /** This replica's advertised URL, without a trailing slash. */
    static Optional<String> advertised(GatewayConfig.Routing routing) {
        return routing.advertisedUrl().map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    void register(@Observes Router router) {
        router.route("/mcp").order(ORDER).handler(this::route);
        // The legacy SSE transport names its session in the path; the extension warns "connection not found"
        // with the decoded id, so a made-up one (%1B...) must not reach it either.
        router.route("/mcp/messages/:id").order(ORDER).handler(ctx -> {
            if (SESSION_ID.matcher(ctx.pathParam("id")).matches()) {
                ctx.next();
            } else {
                ctx.response().setStatusCode(404).end();
            }
        });
    }

    void announce(@Observes StartupEvent started) {
        if (config.enabled() && !enabled) {
            Log.warn("MCP session routing off: no gateway secret (PEERCODE_GATEWAY_SECRET) to sign records with");
        } else if (enabled) {
            Log.infof("MCP session routing on; this replica's sessions are recorded as %s",
                    self.orElse("nothing (no PEERCODE_GATEWAY_ADVERTISED_URL: only for a single replica)"));
        }
    }

    void route(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String sessionId = request.getHeader(SESSION_HEADER);
        if (sessionId != null && !SESSION_ID.matcher(sessionId).matches()) {
            // Not an id the extension issues, so no session: the 404 it would give, answered here because its
            // "session not found" warning would write this caller-chosen text (escape sequences, kilobytes) to
            // the log verbatim.
            ctx.response().setStatusCode(404).end();
        } else if (!enabled) {
            ctx.next();
        } else if (sessionId == null) {
            if (request.method() == HttpMethod.POST && self.isPresent()) {
                ctx.addHeadersEndHandler(v -> recordNewSession(ctx));
            }
            ctx.next();
        } else if (localSessions.has(sessionId)) {
            serveLocally(ctx, sessionId);
        } else if (request.getHeader(SessionForwarder.FORWARDED_BY) != null) {
            ctx.next(); // the extension answers 404
        } else {
            // Nothing reads the body before the owner does: hold it while Redis is asked.
            request.pause();
            Context context = Vertx.currentContext();
            lookUp(sessionId).subscribe().with(
                    owner -> context.runOnContext(v -> forwardOrNotFound(ctx, sessionId, owner)),
                    failure -> context.runOnContext(v -> {
                        Log.warnf("MCP session directory (Redis) unavailable: %s", failure.toString());
                        ctx.next();
                    }));
        }
    }

    private void recordNewSession(RoutingContext ctx) {
        String created = ctx.response().headers().get(SESSION_HEADER);
        if (created != null && ctx.response().getStatusCode() == 200) {
            directory.record(created, self.orElseThrow()).subscribe().with(
                    ok -> Log.debugf("MCP session %s recorded", created),
                    failure -> Log.warnf("MCP session %s could not be recorded; only this replica can serve it: %s",
                            created, failure.toString()));
        }
    }

    private void serveLocally(RoutingContext ctx, String sessionId) {
        if (ctx.request().method() == HttpMethod.DELETE) {
            ctx.addEndHandler(ended -> {
                if (ctx.response().getStatusCode() / 100 == 2) {
                    fireAndForget(directory.forget(sessionId), sessionId);
                }
            });
        } else if (self.isPresent() && ctx.request().getHeader(SessionForwarder.FORWARDED_BY) == null) {
            // A forwarded request's record was renewed by the replica that forwarded it.
            if (renewed.asMap().putIfAbsent(sessionId, Boolean.TRUE) == null) {
                fireAndForget(directory.touch(sessionId), sessionId);
            }
        }
        ctx.next();
    }

    /** The owner's record; a miss is asked once more after the grace period (the record may be in flight). */
    private Uni<Optional<SessionDirectory.Record>> lookUp(String sessionId) {
        Duration grace = config.registrationGrace();
        return directory.owner(sessionId).chain(owner -> owner.isPresent() || grace.isZero()
                ? Uni.createFrom().item(owner)
                : Uni.createFrom().voidItem().onItem().delayIt().by(grace).chain(() -> directory.owner(sessionId)));
    }

    private void forwardOrNotFound(RoutingContext ctx, String sessionId, Optional<SessionDirectory.Record> record) {
        if (record.isEmpty()) {
            ctx.next();
            return;
        }
        if (record.get().forged()) {
            // Not written by a gateway: never followed, and not echoed into the log (it is attacker-chosen text).
            Log.warn("Ignoring an MCP session record without a valid gateway signature; it was removed");
            notFound(ctx, sessionId);
            return;
        }
        String owner = record.get().url();
        Optional<URI> target = Optional.of(owner).filter(url -> !url.equals(self.orElse(null)))
                .flatMap(SessionRouter::gatewayUri);
        if (target.isEmpty()) {
            // Recorded as ours although this JVM does not hold it (created before a restart), or unusable.
            notFound(ctx, sessionId);
            return;
        }
        Context context = Vertx.currentContext();
        replicas.isLive(owner).subscribe().with(live -> context.runOnContext(v -> {
            if (!live) {
                Log.infof("MCP session %s: its replica %s is not registered as live; the client must start a new "
                        + "session", sessionId, owner);
                notFound(ctx, sessionId);
                return;
            }
            forwarder.forward(ctx, target.get()).onFailure(unreachable -> {
                Log.infof("MCP session %s: its replica %s is gone (%s); the client must start a new session",
                        sessionId, owner, unreachable.toString());
                notFound(ctx, sessionId);
            });
        }), failure -> context.runOnContext(v -> ctx.next()));
    }

    /** Drops the record and lets the extension answer 404: the client starts a new session. */
    private void notFound(RoutingContext ctx, String sessionId) {
        fireAndForget(directory.forget(sessionId), sessionId);
        ctx.next();
    }

    private static Optional<URI> gatewayUri(String url) {
        try {
            URI uri = URI.create(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (IllegalArgumentException malformed) {
            // fall through
        }
        Log.warn("Ignoring a malformed gateway address in the session directory");
        return Optional.empty();
    }

    private static void fireAndForget(Uni<Void> write, String sessionId) {
        write.subscribe().with(ok -> {
        }, failure -> Log.debugf("MCP session %s: directory update failed: %s", sessionId, failure.toString()));
    }
}
