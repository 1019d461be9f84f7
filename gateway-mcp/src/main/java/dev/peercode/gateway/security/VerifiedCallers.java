package dev.peercode.gateway.security;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.peercode.gateway.config.GatewayConfig;
import dev.peercode.gateway.identity.AgentTokenIdentityProvider;
import io.quarkus.runtime.util.HashUtil;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Which bearer credentials this replica has seen authenticate lately, and whose they are. The rate limit runs
 * before authentication; a credential it does not find here is charged to the client's address, so made-up
 * tokens share one budget per address (and cost at most that many planner verifications) instead of each
 * getting a fresh bucket. A credential that did authenticate is charged to its identity from then on: the
 * agent token, or the person. Keys are SHA-256 hashes of the header, never the credential itself.
 */
@ApplicationScoped
class VerifiedCallers {

    /** After authentication (order -200): only a request that authenticated gets here. */
    static final int ORDER = -100;

    /** Long enough to spare repeated first-request charges, short enough to forget stale tokens. */
    private static final Duration REMEMBER = Duration.ofMinutes(10);

    private final boolean enabled;
    private final Cache<String, String> identities;

    VerifiedCallers(GatewayConfig config) {
        this.enabled = config.auth().enabled() && config.rateLimit().enabled();
        this.identities = Caffeine.newBuilder().maximumSize(config.rateLimit().maxCallers())
                .expireAfterWrite(REMEMBER).build();
    }

    void register(@Observes Router router) {
        if (enabled) {
            router.route("/mcp").order(ORDER).handler(this::remember);
            router.route("/mcp/*").order(ORDER).handler(this::remember);
            router.route("/api/v1/*").order(ORDER).handler(this::remember);
        }
    }

    /** The rate-limit key of a request: its authenticated identity when known, else its client address. */
    String limitKey(String authorization, String address) {
        String identity = authorization == null ? null : identities.getIfPresent(HashUtil.sha256(authorization));
        return identity != null ? identity : "addr:" + address;
    }

    void remember(RoutingContext rc) {
        String authorization = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        String identity = identityOf(rc);
        if (authorization != null && identity != null) {
            identities.put(HashUtil.sha256(authorization), identity);
        }
        rc.next();
    }

    /** Who an authenticated request is: {@code token:<id>} for an agent token, {@code person:<sub>}; else null. */
    static String identityOf(RoutingContext rc) {
        if (rc.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous()) {
            SecurityIdentity identity = user.getSecurityIdentity();
            Object tokenId = identity.getAttribute(AgentTokenIdentityProvider.TOKEN_ID);
            return tokenId != null ? "token:" + tokenId : "person:" + identity.getPrincipal().getName();
        }
        return null;
    }
}
