package dev.peercode.gateway.identity;

import static dev.peercode.gateway.client.BackendProblem.orEmpty;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.peercode.api.planner.ProjectDtos.MemberView;
import dev.peercode.api.planner.ProjectDtos.UpdateMember;
import dev.peercode.gateway.client.BackendProblem;
import dev.peercode.gateway.client.PlannerApi;
import dev.peercode.gateway.config.GatewayConfig;
import dev.peercode.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Resolves the {@link Caller} of the current HTTP request and authorises it on a project. The single
 * plug-in point for identity: tools, resources and REST routes ask only this class.
 * <p>
 * Authentication itself happens before any of them run: OIDC access tokens (quarkus-oidc, audience
 * checked) and {@code pct_} agent tokens ({@link BearerTokenMechanism}); unauthenticated calls to
 * {@code /mcp} and {@code /api/v1} never get here (HTTP permission, 401). Authorisation is here: a
 * caller that is not a member of a project, or an agent token of another project, gets the same
 * not-found answer as an unknown project id (DESIGN.md §7: 404, not 403). Memberships are kept between
 * calls by {@link AccessCache}, which the planner's announcements empty: a removed member or a revoked
 * token loses access with its next call, on every replica.
 */
@ApplicationScoped
public class CallerResolver {

    private final GatewayConfig config;
    private final CurrentVertxRequest currentRequest;
    private final PlannerApi planner;
    private final AccessCache cache;

    CallerResolver(GatewayConfig config, CurrentVertxRequest currentRequest, @RestClient PlannerApi planner,
            AccessCache cache) {
        this.config = config;
        this.currentRequest = currentRequest;
        this.planner = planner;
        this.cache = cache;
    }

    /** Whether callers authenticate at all (off: local mode, everyone is the local owner). */
    public boolean authEnabled() {
        return config.auth().enabled();
    }

    /** Who calls, without a project: for listing and creating projects. */
    public Caller current() {
        return authEnabled() ? of(identity()) : Caller.LOCAL_OWNER;
    }

    /**
     * The caller behind an authenticated identity, for code that runs outside a request's CDI context (a
     * Vert.x route handler); an unauthorised problem when there is none.
     */
    public Caller of(SecurityIdentity identity) {
        if (!authEnabled()) {
            return Caller.LOCAL_OWNER;
        }
        if (identity == null || identity.isAnonymous()) {
            throw unauthorized("a bearer token (OIDC access token or PeerCode agent token) is required");
        }
        String tokenId = identity.getAttribute(AgentTokenIdentityProvider.TOKEN_ID);
        if (tokenId != null) {
            return new Caller(identity.getPrincipal().getName(), identity.getAttribute(AgentTokenIdentityProvider.ROLE),
                    false, identity.getAttribute(AgentTokenIdentityProvider.PROJECT_ID), tokenId, null);
        }
        if (identity.getAttribute(KeptAccessTokens.PERSON) instanceof Caller person) {
            return person; // a kept access token: worked out when it was kept, from the same claims
        }
        return Caller.person(requireUsableSubject(identity.getPrincipal().getName()), PersonName.of(identity.getPrincipal()));
    }

    /** Longest subject the planner stores (its member column). */
    static final int MAX_SUBJECT = 255;

    /**
     * An OIDC subject goes into the planner's URLs ({@code /members/{subject}}). The REST client encodes it,
     * but a {@code ..} segment would still be resolved by the path, and control characters or separators have
     * no business in an identity: such a subject is refused as an unusable token (401), before any call.
     */
    static String requireUsableSubject(String subject) {
        if (!usableSubject(subject)) {
            throw unauthorized("the access token's subject (sub) is not a usable identity: 1-255 characters "
                    + "without whitespace, control characters, / \\ ? # %, and not . or ..");
        }
        return subject;
    }

    /** Whether {@code subject} may go into an internal URL as a path segment (see {@link #requireUsableSubject}). */
    public static boolean usableSubject(String subject) {
        return subject != null && !subject.isEmpty() && subject.length() <= MAX_SUBJECT
                && !subject.equals(".") && !subject.equals("..")
                && subject.chars().noneMatch(c -> c < 0x21 || c == 0x7f || c == '/' || c == '\\' || c == '?'
                        || c == '#' || c == '%' || Character.isWhitespace(c) || Character.isISOControl(c));
    }

    /**
     * The caller with its role on {@code projectId}; a not-found problem when it is not a member, when
     * an agent token belongs to another project, or when the project does not exist (one answer for all).
     */
    public Uni<Caller> onProject(String projectId) {
        return onProject(current(), projectId);
    }

    /** {@link #onProject(String)} for a caller already resolved. */
    public Uni<Caller> onProject(Caller caller, String projectId) {
        if (caller.local()) {
            return Uni.createFrom().item(caller);
        }
        if (caller.isAgent()) {
            // The token was verified for this very request, so its role is current.
            return projectId.equals(caller.tokenProjectId()) ? Uni.createFrom().item(caller)
                    : Uni.createFrom().failure(notFound(projectId));
        }
        return cache.member(projectId, caller.subject(), () -> orEmpty(planner.member(projectId, caller.subject())))
                .chain(found -> {
                    MemberView member = found.orElseThrow(() -> notFound(projectId));
                    if (caller.name() == null || caller.name().equals(member.displayName())) {
                        return Uni.createFrom().item(caller.withRole(member.role()));
                    }
                    // Seen signed in under a name the membership does not have yet: remember it, so every page
                    // shows this person by name (only when it changed: one write per change, not per request).
                    // A name is a courtesy: a planner that cannot save it now must not fail a call that may not even
                    // need the planner (a kept membership, a lock call); the next call tries again.
                    return planner.rememberName(projectId, caller.subject(), new UpdateMember(null, caller.name(), null))
                            .invoke(() -> cache.renamed(member, caller.name()))
                            .onFailure().invoke(e -> Log.debugf("Name of %s in %s not saved: %s", caller.subject(),
                                    projectId, e.toString()))
                            .onFailure().recoverWithNull()
                            .replaceWith(caller.withRole(member.role()));
                });
    }

    /**
     * For a long-lived stream or subscription opened by {@code caller}: may it still see the project? A person
     * must still be a member; an agent token's member too, and the token must not have been revoked (its
     * verification happened when the stream opened). A planner that cannot answer keeps what is open: true.
     */
    public Uni<Boolean> stillAllowed(Caller caller, String projectId) {
        if (caller.local()) {
            return Uni.createFrom().item(true);
        }
        return orEmpty(planner.member(projectId, caller.subject())).chain(member -> member.isEmpty() || !caller.isAgent()
                ? Uni.createFrom().item(member.isPresent())
                : planner.tokens(projectId, caller.subject()).map(tokens -> tokens.stream()
                        .anyMatch(t -> t.tokenId().equals(caller.tokenId()) && t.revokedAt() == null)))
                .onFailure(BackendProblem.class).recoverWithItem(false)
                .onFailure().recoverWithItem(true);
    }

    /** The gateway's own 401: no usable credential. */
    static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "unauthorized", "Unauthorized", detail);
    }

    /** The answer for a project the caller may not see: identical to an unknown project id. */
    public static ProblemException notFound(String projectId) {
        return ProblemException.notFound("project " + projectId + " does not exist");
    }

    private SecurityIdentity identity() {
        try {
            RoutingContext context = currentRequest.getCurrent();
            if (context != null && context.user() instanceof QuarkusHttpUser user) {
                return user.getSecurityIdentity();
            }
        } catch (RuntimeException e) {
            // no HTTP request behind this call
        }
        return null;
    }
}
