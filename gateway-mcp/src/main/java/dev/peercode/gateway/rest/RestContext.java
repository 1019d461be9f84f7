package dev.peercode.gateway.rest;

import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import dev.peercode.api.IdFormats;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.CallContext;
import dev.peercode.gateway.call.CallContext.Call;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The REST face of {@link CallContext}: the project from the path, the session from {@code ?session=} or the
 * {@code X-PeerCode-Session} header, then the call context's one order: shapes, authorisation, the resource's own
 * argument checks ({@code arguments}), and only then entering the call (which binds the session), so a malformed
 * request takes no session name. Same rules as the MCP tools.
 */
@ApplicationScoped
class RestContext {

    /** What a resource checks before anything reaches a backend: nothing beyond project and session. */
    static final Runnable NO_ARGUMENTS = () -> {
    };

    private final CallContext calls;

    RestContext(CallContext calls) {
        this.calls = calls;
    }

    /** A call that acts: the session is required. */
    Uni<Call> acting(String projectId, String session, HttpServerRequest request) {
        return acting(projectId, session, request, NO_ARGUMENTS);
    }

    /** A call that acts, whose own arguments {@code arguments} checks (throwing {@link Args#invalid}). */
    Uni<Call> acting(String projectId, String session, HttpServerRequest request, Runnable arguments) {
        return enter(projectId, session, request, true, call -> arguments.run());
    }

    /** A call that only reads: the session is optional (used for "own" views and presence). */
    Uni<Call> reading(String projectId, String session, HttpServerRequest request) {
        return reading(projectId, session, request, NO_ARGUMENTS);
    }

    /** A call that only reads, whose own arguments {@code arguments} checks. */
    Uni<Call> reading(String projectId, String session, HttpServerRequest request, Runnable arguments) {
        return enter(projectId, session, request, false, call -> arguments.run());
    }

    /** Such a call by an owner signed in as a person; {@code action} names what is refused to others. */
    Uni<Call> personOwner(String projectId, HttpServerRequest request, String action) {
        return enter(projectId, null, request, false, call -> CallContext.requirePersonOwner(call.caller(), action));
    }

    /** Shapes, authorisation, {@code checks} (the caller's role, the resource's arguments), then entering. */
    private Uni<Call> enter(String projectId, String query, HttpServerRequest request, boolean sessionRequired,
            Consumer<Call> checks) {
        Args.required("projectId", projectId, Args.PROJECT, CallContext.PROJECT_RULE);
        String session = query != null && !query.isBlank() ? query
                : request == null ? null : request.getHeader(CallContext.SESSION_HEADER);
        if (sessionRequired && (session == null || session.isBlank())) {
            throw Args.invalid("session", "is required (query parameter session or header X-PeerCode-Session)");
        }
        Args.optional("session", session, Args.SESSION, IdFormats.SESSION_MESSAGE);
        return calls.authorise(projectId, session).invoke(checks).call(calls::enter);
    }
}
