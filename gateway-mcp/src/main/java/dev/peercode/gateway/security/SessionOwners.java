package dev.peercode.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.peercode.gateway.config.GatewayConfig;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * An MCP session belongs to the identity that created it. The extension keeps a session by its id alone, so
 * anyone who learns an id (a log, a proxy, a shared screen) could otherwise send requests in it, and read the
 * resource updates it is subscribed to. Each request in a session this replica holds must come from the same
 * identity (the agent token, or the person) as its {@code initialize}; another identity gets the answer for an
 * unknown session (404), as if it did not exist. A forwarded request is checked by the replica that holds the
 * session, which authenticates the caller's own token again.
 */
@ApplicationScoped
class SessionOwners {

    private static final String SESSION_HEADER = "Mcp-Session-Id";

    private final boolean enabled;
    private final Cache<String, String> owners;

    SessionOwners(GatewayConfig config) {
        this.enabled = config.auth().enabled();
        // Sessions live as long as the extension keeps them idle (30 min by default): the same bound.
        this.owners = Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(config.routing().sessionTtl())
                .build();
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
                rc.addHeadersEndHandler(v -> {
                    String created = rc.response().headers().get(SESSION_HEADER);
                    if (created != null && rc.response().getStatusCode() == 200) {
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
}
