package dev.peercode.gateway.rest;

import jakarta.enterprise.context.ApplicationScoped;

import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.Await;
import dev.peercode.gateway.call.CallContext;
import dev.peercode.gateway.call.CallContext.Call;
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

    /** Owners only, and a person rather than an agent token: {@code action} names what was refused. */
    static void requirePersonOwner(Call call, String action) {
        CallContext.requirePersonOwner(call.caller(), action);
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
        Args.required("projectId", projectId, Args.PROJECT, CallContext.PROJECT_RULE);
        String s = session != null && !session.isBlank() ? session
                : request == null ? null : request.getHeader(CallContext.SESSION_HEADER);
        Args.optional("session", s, Args.SESSION, "must match [a-z0-9][a-z0-9_-]{0,63}");
        Call call = calls.authorise(projectId, s);
        Await.result(calls.enter(call));
        return call;
    }

    /** A call without a session, authorised and entered: event streams, owner pages. */
    Call project(String projectId) {
        return reading(projectId, null, null);
    }
}
