package dev.peercode.gateway.rest;

import java.net.URI;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import dev.peercode.api.IdFormats;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.CallContext;
import dev.peercode.gateway.call.CallContext.Call;
import dev.peercode.gateway.identity.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The REST face of {@link CallContext}: the project from the path, the session from {@code ?session=} or the
 * {@code X-PeerCode-Session} header, then the call context's one order: shapes, authorisation, the resource's own
 * argument checks ({@code arguments}, throwing {@link Args#invalid}), and only then entering the call (which binds
 * the session), so a malformed request takes no session name. Same rules as the MCP tools.
 */
@ApplicationScoped
class RestContext {

    private final CallContext calls;
    private final HttpServerRequest request;

    RestContext(CallContext calls, HttpServerRequest request) {
        this.calls = calls;
        this.request = request;
    }

    /** A call that acts: the session is required. */
    Uni<Call> acting(String projectId, String session, Runnable... arguments) {
        return enter(projectId, session, true, call -> check(arguments));
    }

    /** A call that only reads: the session is optional (used for "own" views and presence). */
    Uni<Call> reading(String projectId, String session, Runnable... arguments) {
        return enter(projectId, session, false, call -> check(arguments));
    }

    /** Such a call by an owner signed in as a person; {@code action} names what is refused to others. */
    Uni<Call> personOwner(String projectId, String action, Runnable... arguments) {
        return enter(projectId, null, false, call -> {
            CallContext.requirePersonOwner(call.caller(), action);
            check(arguments);
        });
    }

    /** Who calls, without a project (listing projects). */
    Caller caller() {
        return calls.caller();
    }

    /** The caller, who must be a person to {@code action}: an agent token reaches its own project only. */
    Caller person(String action) {
        Caller caller = calls.caller();
        if (caller.isAgent()) {
            throw CallContext.forbidden("an agent token reaches its own project only; " + action + " with a person's token");
        }
        return caller;
    }

    /** Shapes, authorisation, {@code checks} (the caller's role, the resource's arguments), then entering. */
    private Uni<Call> enter(String projectId, String query, boolean sessionRequired, Consumer<Call> checks) {
        Args.required("projectId", projectId, Args.PROJECT, CallContext.PROJECT_RULE);
        String session = query != null && !query.isBlank() ? query : request.getHeader(CallContext.SESSION_HEADER);
        if (sessionRequired && (session == null || session.isBlank())) {
            throw Args.invalid("session", "is required (query parameter session or header X-PeerCode-Session)");
        }
        Args.optional("session", session, Args.SESSION, IdFormats.SESSION_MESSAGE);
        return calls.authorise(projectId, session).invoke(checks).call(calls::enter);
    }

    private static void check(Runnable[] arguments) {
        for (Runnable argument : arguments) {
            argument.run();
        }
    }

    /** The request body; a missing one is refused. */
    static <T> T body(T body) {
        if (body == null) {
            throw Args.invalid("body", "is required");
        }
        return body;
    }

    /** 201 Created, {@code Location} naming what was created. */
    static Response created(String location, Object entity) {
        return Response.created(URI.create(location)).entity(entity).build();
    }
}
