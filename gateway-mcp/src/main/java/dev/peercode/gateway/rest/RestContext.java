package dev.peercode.gateway.rest;

import jakarta.enterprise.context.ApplicationScoped;

import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.CallContext;
import dev.peercode.gateway.call.CallContext.Call;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The REST face of {@link CallContext}: the project from the path, the session from {@code ?session=} or the
 * {@code X-PeerCode-Session} header, then the call context's one order, entered at once (a resource validates its
 * body after that, as it always has). Same rules as the MCP tools.
 */
@ApplicationScoped
class RestContext {

    private final CallContext calls;

    RestContext(CallContext calls) {
        this.calls = calls;
    }

    /** A call that acts: the session is required. */
    Uni<Call> acting(String projectId, String session, HttpServerRequest request) {
        return reading(projectId, session, request).invoke(call -> {
            if (call.session() == null) {
                throw Args.invalid("session", "is required (query parameter session or header X-PeerCode-Session)");
            }
        });
    }

    /** A call that only reads: the session is optional (used for "own" views and presence). */
    Uni<Call> reading(String projectId, String session, HttpServerRequest request) {
        Args.required("projectId", projectId, Args.PROJECT, CallContext.PROJECT_RULE);
        String s = session != null && !session.isBlank() ? session
                : request == null ? null : request.getHeader(CallContext.SESSION_HEADER);
        Args.optional("session", s, Args.SESSION, "must match [a-z0-9][a-z0-9_-]{0,63}");
        return calls.authorise(projectId, s).call(calls::enter);
    }

    /** Such a call by an owner signed in as a person; {@code action} names what is refused to others. */
    Uni<Call> personOwner(String projectId, HttpServerRequest request, String action) {
        return reading(projectId, null, request).invoke(call -> CallContext.requirePersonOwner(call.caller(), action));
    }
}
