package dev.peercode.gateway.web;

import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.peercode.gateway.client.BackendProblem;
import dev.peercode.gateway.identity.Caller;
import dev.peercode.gateway.identity.CallerResolver;
import dev.peercode.gateway.service.ProjectGuard;
import dev.peercode.gateway.tools.Args;

/**
 * The web UI's authorisation, which is the REST API's: {@link CallerResolver} decides who the signed-in
 * person is and whether they are a member (another project answers like an unknown one), owners alone
 * act for people. Nothing here is a business rule; the planner and the lock service keep those.
 */
@ApplicationScoped
class UiAccess {

    private static final int MAX_SESSION = 64;

    private final CallerResolver callers;
    private final ProjectGuard guard;

    UiAccess(CallerResolver callers, ProjectGuard guard) {
        this.callers = callers;
        this.guard = guard;
    }

    /**
     * The signed-in person (the local owner in local mode). The UI is for people: an agent token, which
     * reaches one project as an agent, is refused here rather than shown a person's pages.
     */
    Caller person() {
        return requirePerson(callers.current());
    }

    /** The person with their role on the project; not-found when they may not see it. */
    Caller member(String projectId) {
        Args.required("projectId", projectId, Args.PROJECT, "must be a project id (proj_ + 16 URL-safe characters)");
        Caller caller = requirePerson(callers.onProject(projectId));
        guard.requireExists(projectId);
        return caller;
    }

    /** An owner of the project; 403 naming {@code action} otherwise. */
    Caller owner(String projectId, String action) {
        Caller caller = member(projectId);
        if (!caller.isOwner()) {
            throw forbidden("only a project owner can " + action);
        }
        return caller;
    }

    private static Caller requirePerson(Caller caller) {
        if (caller.isAgent()) {
            throw forbidden("the web UI is for people: sign in instead of using an agent token");
        }
        return caller;
    }

    private static BackendProblem forbidden(String detail) {
        return new BackendProblem("gateway", 403, "forbidden", "Forbidden", detail, Map.of());
    }

    /**
     * The session name a person's action is recorded under where the backends want one (a forced lock
     * release, a plan revision): their subject folded into the session syntax, so the delta log says who
     * acted. Subjects are opaque ids (a UUID for Keycloak), so this is readable enough and stable.
     */
    static String actorSession(Caller caller) {
        String folded = caller.subject().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-")
                .replaceAll("^[-_]+", "");
        if (folded.isEmpty()) {
            folded = "person";
        }
        return folded.length() > MAX_SESSION ? folded.substring(0, MAX_SESSION) : folded;
    }
}
