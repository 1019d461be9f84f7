package dev.peercode.gateway.rest;

import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import dev.peercode.gateway.client.BackendProblem;
import dev.peercode.gateway.identity.Caller;
import dev.peercode.gateway.identity.CallerResolver;
import dev.peercode.gateway.service.ProjectGuard;
import dev.peercode.gateway.tools.Args;
import dev.peercode.gateway.tools.PresenceRefresher;
import io.vertx.core.http.HttpServerRequest;

/**
 * What every REST call starts with: the project exists, the session (from {@code ?session=} or the
 * {@code X-PeerCode-Session} header) is well-formed and its presence is refreshed
 * ({@link PresenceRefresher}), and the caller is known. Same rules as the MCP tools.
 */
@ApplicationScoped
class RestContext {

    /** Longer than the lock service's own bound on a presence touch (2 s), which then lets the call go on. */
    private static final Duration ENTER_WAIT = Duration.ofSeconds(5);

    private final ProjectGuard guard;
    private final PresenceRefresher presence;
    private final CallerResolver callers;

    RestContext(ProjectGuard guard, PresenceRefresher presence, CallerResolver callers) {
        this.guard = guard;
        this.presence = presence;
        this.callers = callers;
    }

    record Call(String projectId, String session, Caller caller) {
    }

    /** Owners only, and a person rather than an agent token: {@code action} names what was refused. */
    static void requirePersonOwner(Call call, String action) {
        if (!call.caller().isOwner() || call.caller().isAgent()) {
            throw new BackendProblem("gateway", 403, "forbidden", "Forbidden",
                    "only a project owner (signed in as a person, not with an agent token) can " + action, Map.of());
        }
    }

    /** A call that acts: the session is required. */
    Call acting(String projectId, String session, HttpServerRequest request) {
        Call call = reading(projectId, session, request);
        if (call.session() == null) {
            throw Args.invalid("session", "is required (query parameter session or header X-PeerCode-Session)");
        }
        return call;
    }

    /** A call that only reads: the session is optional (used for "own" views and presence). */
    Call reading(String projectId, String session, HttpServerRequest request) {
        Args.required("projectId", projectId, Args.PROJECT, "must be a project id (proj_ + 16 URL-safe characters)");
        String s = session != null && !session.isBlank() ? session
                : request == null ? null : request.getHeader("X-PeerCode-Session");
        Args.optional("session", s, Args.SESSION, "must match [a-z0-9][a-z0-9_-]{0,63}");
        // Authorisation first: a project the caller may not see answers exactly like an unknown one.
        Caller caller = callers.onProject(projectId);
        guard.requireExists(projectId);
        if (s != null) {
            // The session must be the caller's (or free): the lock service binds names to members and answers
            // 409 session-taken otherwise. The hooks call on every edit and prompt: at most one presence
            // refresh per interval, as for tools.
            presence.seen(projectId, s, caller.subject()).await().atMost(ENTER_WAIT);
        }
        return new Call(projectId, s, caller);
    }
}
