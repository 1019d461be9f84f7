package dev.peercode.gateway.identity;

import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers an OIDC access token this replica keeps ({@link KeptAccessTokens}) on the bearer routes ({@code /mcp},
 * {@code /mcp/*}, {@code /api/v1/*}) before quarkus-oidc's own mechanism sees the request. That mechanism resolves
 * the tenant, decodes the token's payload to tell a JWT from an opaque token and goes through the identity provider
 * manager on every call, before {@link KeptAccessTokens} answers from its memory anyway: with 64 people calling, a
 * share of the gateway's CPU and allocation per call that agent tokens do not have (BENCHMARKS.md, "Authentication on
 * at 64 sessions, profiled").
 * <p>
 * It accepts nothing quarkus-oidc would refuse: only the exact token (its SHA-256) that quarkus-oidc verified for the
 * default tenant, the one that serves these routes (the web login's tenant serves {@code /ui} only, and tokens it
 * built are never kept), and only until the token's {@code exp}. Any other token, and every other route, goes on to
 * quarkus-oidc as before.
 */
@ApplicationScoped
public class KeptAccessTokenMechanism implements HttpAuthenticationMechanism {

    /** quarkus-oidc's id of the tenant configured as {@code quarkus.oidc.*}: the bearer routes' tenant. */
    static final String DEFAULT_TENANT = "Default";

    private final KeptAccessTokens tokens;
    private final LongAdder answered = new LongAdder();

    KeptAccessTokenMechanism(KeptAccessTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (!tokens.enabled() || !bearerRoute(context.normalizedPath())) {
            return Uni.createFrom().nullItem();
        }
        SecurityIdentity identity = tokens.kept(accessToken(context), DEFAULT_TENANT, context, null);
        if (identity != null) {
            answered.increment();
        }
        return Uni.createFrom().item(identity);
    }

    /** How many requests this mechanism answered (tests). */
    long answered() {
        return answered.sum();
    }

    /** The routes that take bearer tokens ({@code quarkus.http.auth.permission.bearer.paths}), none of the web login's. */
    static boolean bearerRoute(String path) {
        return path != null && (path.equals("/mcp") || path.startsWith("/mcp/") || path.startsWith("/api/v1/"));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        // None of its own: quarkus-oidc answers, as for every token it did not keep.
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }

    @Override
    public int getPriority() {
        // After the agent tokens' mechanism, before quarkus-oidc's (1001 by default).
        return DEFAULT_PRIORITY + 400;
    }

    private static String accessToken(RoutingContext context) {
        String token = AgentTokenMechanism.bearerToken(context);
        return token == null || token.startsWith(AgentTokenMechanism.PREFIX) ? null : token;
    }
}
