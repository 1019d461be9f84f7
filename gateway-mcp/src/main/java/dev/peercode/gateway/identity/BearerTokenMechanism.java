package dev.peercode.gateway.identity;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * The bearer tokens the gateway answers itself, before quarkus-oidc's mechanism sees the request:
 * <ul>
 * <li>{@code pct_…} agent tokens, on every route: verified by the planner ({@link AgentTokenIdentityProvider});
 * quarkus-oidc would reject them as malformed JWTs.</li>
 * <li>An OIDC access token this replica keeps ({@link KeptAccessTokens}), on the bearer routes only ({@code /mcp},
 * {@code /mcp/*}, {@code /api/v1/*}). quarkus-oidc's mechanism would resolve the tenant, decode the payload and go
 * through the identity provider chain on every call first: with 64 people calling, a share of the gateway's CPU that
 * agent tokens do not have (BENCHMARKS.md, "Authentication on at 64 sessions, profiled"). Only the exact token
 * (its SHA-256) that quarkus-oidc verified for the default tenant, the one serving these routes, until its
 * {@code exp}: the web login's tenant serves {@code /ui} only, and tokens it built are never kept.</li>
 * </ul>
 * Any other token goes on to quarkus-oidc, which also answers every challenge (with
 * {@code Bearer resource_metadata=…} on the bearer routes, a redirect to the login on {@code /ui}).
 */
@ApplicationScoped
public class BearerTokenMechanism implements HttpAuthenticationMechanism {

    /** Every agent token starts with this (the planner mints them). */
    private static final String AGENT_TOKEN_PREFIX = "pct_";
    /** quarkus-oidc's id of the tenant configured as {@code quarkus.oidc.*}: the bearer routes' tenant. */
    static final String DEFAULT_TENANT = "Default";
    private static final String BEARER = "bearer ";

    private final CallerResolver callers;
    private final KeptAccessTokens kept;

    BearerTokenMechanism(CallerResolver callers, KeptAccessTokens kept) {
        this.callers = callers;
        this.kept = kept;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String token = bearerToken(context);
        if (token == null || !callers.authEnabled()) {
            return Uni.createFrom().nullItem();
        }
        if (token.startsWith(AGENT_TOKEN_PREFIX)) {
            return identityProviderManager
                    .authenticate(HttpSecurityUtils.setRoutingContextAttribute(new AgentTokenRequest(token), context));
        }
        if (!bearerRoute(context.normalizedPath())) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(kept.kept(token, DEFAULT_TENANT, context));
    }

    /** The routes that take bearer tokens ({@code quarkus.http.auth.permission.bearer.paths}), none of the web login's. */
    static boolean bearerRoute(String path) {
        return path != null && (path.equals("/mcp") || path.startsWith("/mcp/") || path.startsWith("/api/v1/"));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(AgentTokenRequest.class, TokenAuthenticationRequest.class);
    }

    @Override
    public int getPriority() {
        // Before quarkus-oidc (1001 by default).
        return DEFAULT_PRIORITY + 500;
    }

    /** The token of the request's {@code Authorization: Bearer …} header; null when it has none. */
    private static String bearerToken(RoutingContext context) {
        String header = context.request().getHeader(HttpHeaderNames.AUTHORIZATION);
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return header.substring(BEARER.length()).trim();
    }
}
