package dev.peercode.gateway.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;

import dev.peercode.gateway.config.GatewayConfig;
import dev.peercode.gateway.live.StreamsConfig;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkiverse.mcp.server.runtime.Messages;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * An MCP session belongs to the identity that created it. The extension keeps a session by its id alone, so
 * anyone who learns an id (a log, a proxy, a shared screen) could otherwise send requests in it, and read the
 * resource updates it is subscribed to. Each request in a session this replica holds must come from the same
 * identity (the agent token, or the person) as its {@code initialize}; another identity gets the answer for an
 * unknown session (404), as if it did not exist. A forwarded request is checked by the replica that holds the
 * session, which authenticates the caller's own token again.
 * <p>
 * An identity holds at most {@code peercode.gateway.streams.max-mcp-sessions-per-caller} sessions on this replica
 * (each holds memory and, with a subscription, a share of every wake-up): beyond it, a request that would open
 * another is refused with 429 and a JSON-RPC error saying how to free one.
 */
@ApplicationScoped
class SessionOwners {

    private static final String SESSION_HEADER = "Mcp-Session-Id";

    private final boolean enabled;
    private final int maxPerIdentity;
    private final Map<String, Integer> perIdentity = new ConcurrentHashMap<>();
    private final Cache<String, String> owners;

    SessionOwners(GatewayConfig config, StreamsConfig live) {
        this.enabled = config.auth().enabled();
        this.maxPerIdentity = live.maxMcpSessionsPerCaller();
        // Sessions live as long as the extension keeps them idle (30 min by default): the same bound. Every way
        // out (DELETE, expiry, eviction) gives the identity's count back; synchronously, so a freed place is free.
        this.owners = Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(config.routing().sessionTtl())
                .executor(Runnable::run)
                .removalListener((String session, String identity, RemovalCause cause) -> release(identity))
                .build();
    }

    /** How many sessions {@code identity} holds on this replica. */
    int heldBy(String identity) {
        return perIdentity.getOrDefault(identity, 0);
    }

    void register(@Observes Router router) {
        if (enabled) {
            router.route("/mcp").order(VerifiedCallers.ORDER).handler(this::check);
        }
    }

    void check(RoutingContext rc) {
        String identity = VerifiedCallers.identityOf(rc);
        if (identity == null) {
            rc.next(); // not authenticated: the permission check has answered 401 already
            return;
        }
        String session = rc.request().getHeader(SESSION_HEADER);
        if (session == null) {
            if (rc.request().method() == HttpMethod.POST) {
                if (heldBy(identity) >= maxPerIdentity) {
                    owners.cleanUp(); // expired sessions not yet swept still count until this
                }
                if (heldBy(identity) >= maxPerIdentity) {
                    tooMany(rc);
                    return;
                }
                rc.addHeadersEndHandler(v -> {
                    String created = rc.response().headers().get(SESSION_HEADER);
                    if (created != null && rc.response().getStatusCode() == 200) {
                        perIdentity.merge(identity, 1, Integer::sum);
                        owners.put(created, identity);
                    }
                });
            }
            rc.next();
            return;
        }
        String owner = owners.getIfPresent(session);
        if (owner != null && !owner.equals(identity)) {
            rc.response().setStatusCode(404).end();
            return;
        }
        if (owner != null && rc.request().method() == HttpMethod.DELETE) {
            rc.addEndHandler(ended -> owners.invalidate(session));
        }
        rc.next();
    }

    private void tooMany(RoutingContext rc) {
        JsonObject error = Messages.newError(null, JsonRpcErrorCodes.INTERNAL_ERROR, "Too many MCP sessions: you already "
                + "hold " + maxPerIdentity + " on this server (the most one caller may have, "
                + "peercode.gateway.streams.max-mcp-sessions-per-caller). Close one (DELETE /mcp with its Mcp-Session-Id) "
                + "or let idle ones expire, then retry.");
        rc.response().setStatusCode(429).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.RETRY_AFTER, "60").end(error.encode());
    }

    private void release(String identity) {
        if (identity == null) {
            return;
        }
        perIdentity.computeIfPresent(identity, (i, count) -> count <= 1 ? null : count - 1);
    }
}
