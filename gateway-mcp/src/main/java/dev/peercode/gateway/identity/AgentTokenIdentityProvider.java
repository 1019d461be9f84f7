package dev.peercode.gateway.identity;

import static dev.peercode.gateway.client.BackendProblem.orEmpty;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.peercode.api.planner.ProjectDtos.VerifiedToken;
import dev.peercode.api.planner.ProjectDtos.VerifyToken;
import dev.peercode.gateway.client.BackendProblem;
import dev.peercode.gateway.client.PlannerApi;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Verifies an agent token with the planner ({@code POST /v1/agent-tokens/verify}, one indexed lookup that
 * also records the last use), kept between calls by {@link AccessCache}: a revoked token is still refused
 * by its next call on every gateway replica, because the planner announces the revocation.
 */
@ApplicationScoped
public class AgentTokenIdentityProvider implements IdentityProvider<AgentTokenRequest> {

    static final String PROJECT_ID = "peercode.tokenProjectId";
    /** The attribute of an agent token's identity that holds its id (also what keys its rate limit and sessions). */
    public static final String TOKEN_ID = "peercode.tokenId";
    static final String ROLE = "peercode.role";

    private final PlannerApi planner;
    private final AccessCache cache;

    AgentTokenIdentityProvider(@RestClient PlannerApi planner, AccessCache cache) {
        this.planner = planner;
        this.cache = cache;
    }

    @Override
    public Class<AgentTokenRequest> getRequestType() {
        return AgentTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(AgentTokenRequest request, AuthenticationRequestContext context) {
        // A token this replica verified before is answered without a planner call.
        return cache.token(request.token(), () -> orEmpty(planner.verifyToken(new VerifyToken(request.token()))))
                .onFailure(BackendProblem.class) // e.g. a 400 for a malformed secret: the same answer as an unknown token
                .transform(e -> new AuthenticationFailedException("invalid agent token"))
                .map(found -> {
                    VerifiedToken token = found
                            .orElseThrow(() -> new AuthenticationFailedException("unknown or revoked agent token"));
                    Log.debugf("Agent token %s of project %s acts for %s", token.tokenId(), token.projectId(),
                            token.memberSubject());
                    return identity(token);
                });
    }

    private static SecurityIdentity identity(VerifiedToken token) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(token.memberSubject()))
                .addRole("agent")
                .addAttribute(PROJECT_ID, token.projectId())
                .addAttribute(TOKEN_ID, token.tokenId())
                .addAttribute(ROLE, token.role())
                .build();
    }
}
