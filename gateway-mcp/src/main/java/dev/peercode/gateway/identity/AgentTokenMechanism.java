package dev.peercode.gateway.identity;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Takes {@code Authorization: Bearer pct_…} (PeerCode agent tokens) before quarkus-oidc sees the header;
 * any other bearer token is left to quarkus-oidc, which verifies it as an OIDC access token (JWT). Runs
 * first (higher priority than OIDC) and yields when the header holds no agent token.
 */
@ApplicationScoped
public class AgentTokenMechanism implements HttpAuthenticationMechanism {

    /** Every agent token starts with this (the planner mints them). */
    public static final String PREFIX = "pct_";
    private static final String BEARER = "bearer ";

    private final CallerResolver callers;

    AgentTokenMechanism(CallerResolver callers) {
        this.callers = callers;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String token = agentToken(context);
        if (token == null || !callers.authEnabled()) {
            return Uni.createFrom().nullItem();
        }
        return identityProviderManager
                .authenticate(HttpSecurityUtils.setRoutingContextAttribute(new AgentTokenRequest(token), context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        // None of its own: quarkus-oidc answers, with "Bearer resource_metadata=..." on /mcp and /api/v1
        // (so an MCP client discovers the issuer) and a redirect to the login on /ui.
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(AgentTokenRequest.class);
    }

    @Override
    public int getPriority() {
        // Before quarkus-oidc (1001 by default), which would reject a pct_ token as a malformed JWT.
        return DEFAULT_PRIORITY + 500;
    }

    private static String agentToken(RoutingContext context) {
        String token = bearerToken(context);
        return token != null && token.startsWith(PREFIX) ? token : null;
    }

    /** The token of the request's {@code Authorization: Bearer …} header; null when it has none. */
    static String bearerToken(RoutingContext context) {
        String header = context.request().getHeader(HttpHeaderNames.AUTHORIZATION);
        if (header == null || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return header.substring(BEARER.length()).trim();
    }
}
