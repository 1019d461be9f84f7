package dev.peercode.gateway.call;

import jakarta.enterprise.context.ApplicationScoped;

import dev.peercode.gateway.identity.Caller;
import dev.peercode.gateway.identity.CallerResolver;
import dev.peercode.gateway.service.ProjectGuard;
import dev.peercode.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * The start of every call on a project, whichever face it came through (MCP tool, REST resource, web UI page,
 * event stream), in one order:
 * <ol>
 * <li>the id shapes: the face checks them ({@link Args}), because where an id came from (argument, header, path)
 * decides how a bad one is explained;</li>
 * <li>{@link #authorise}: who the caller is on the project; a project it may not see answers exactly like an
 * unknown one (404);</li>
 * <li>the face validates its own arguments, so nothing malformed reaches a backend;</li>
 * <li>{@link #enter}: the project exists, asked only where authorisation did not already answer (local mode
 * has no membership to look up; a person's membership and an agent token's project imply the project), and the
 * session is the caller's, which refreshes its presence ({@link PresenceRefresher}: the lock service binds a
 * session name to a member and refuses another's with {@code session-taken}).</li>
 * </ol>
 * A face calls {@link #enter} once per call, before its first backend call.
 */
@ApplicationScoped
public class CallContext {

    public static final String PROJECT_HEADER = "X-PeerCode-Project";
    public static final String SESSION_HEADER = "X-PeerCode-Session";
    public static final String PROJECT_RULE = "must be a project id (proj_ + 16 URL-safe characters)";

    private final CallerResolver callers;
    private final ProjectGuard guard;
    private final PresenceRefresher presence;

    CallContext(CallerResolver callers, ProjectGuard guard, PresenceRefresher presence) {
        this.callers = callers;
        this.guard = guard;
        this.presence = presence;
    }

    /**
     * A call on a project: who acts, as which session.
     *
     * @param session null when the call only reads and names none
     */
    public record Call(String projectId, String session, Caller caller) {
    }

    /** Step 2: the caller with its role on {@code projectId}, whose id and session have the right shape. */
    public Uni<Call> authorise(String projectId, String session) {
        return callers.onProject(projectId).map(caller -> new Call(projectId, session, caller));
    }

    /** Step 4: the project exists where authorisation did not say so, and the session (when named) is the caller's. */
    public Uni<Void> enter(Call call) {
        Uni<Void> exists = call.caller().local() ? guard.requireExists(call.projectId()) : Uni.createFrom().voidItem();
        return call.session() == null ? exists
                : exists.chain(() -> presence.seen(call.projectId(), call.session(), call.caller().subject()));
    }

    /** Whom the call comes from, without a project (listing or creating projects). */
    public Caller caller() {
        return callers.current();
    }

    /**
     * The web UI is for people: an agent token, which reaches one project as an agent, is refused rather than shown
     * a person's pages.
     */
    public static Caller requirePerson(Caller caller) {
        if (caller.isAgent()) {
            throw forbidden("the web UI is for people: sign in instead of using an agent token");
        }
        return caller;
    }

    /** Owners only; {@code action} names what was refused. */
    public static Caller requireOwner(Caller caller, String action) {
        if (!caller.isOwner()) {
            throw forbidden("only a project owner can " + action);
        }
        return caller;
    }

    /** Owners only, and a person rather than an agent token: {@code action} names what was refused. */
    public static Caller requirePersonOwner(Caller caller, String action) {
        if (!caller.isOwner() || caller.isAgent()) {
            throw forbidden("only a project owner (signed in as a person, not with an agent token) can " + action);
        }
        return caller;
    }

    /** The gateway's own refusal: 403 problem {@code forbidden}. */
    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail);
    }
}
