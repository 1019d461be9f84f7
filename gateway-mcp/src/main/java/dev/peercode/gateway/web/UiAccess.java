package dev.peercode.gateway.web;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.CallContext;
import dev.peercode.gateway.call.CallContext.Call;
import dev.peercode.gateway.identity.Caller;
import dev.peercode.gateway.identity.CallerResolver;
import io.smallrye.mutiny.Uni;

/**
 * The web UI's authorisation, which is the REST API's: {@link CallerResolver} decides who the signed-in
 * person is and whether they are a member (another project answers like an unknown one), owners alone
 * act for people. Nothing here is a business rule; the planner and the lock service keep those.
 */
@ApplicationScoped
class UiAccess {

    private static final int MAX_SESSION = 64;

    private final CallContext calls;

    UiAccess(CallContext calls) {
        this.calls = calls;
    }

    /**
     * The signed-in person (the local owner in local mode). The UI is for people: an agent token, which
     * reaches one project as an agent, is refused here rather than shown a person's pages.
     */
    Caller person() {
        return CallContext.requirePerson(calls.caller());
    }

    /** The person with their role on the project; not-found when they may not see it. */
    Uni<Caller> member(String projectId) {
        Args.required("projectId", projectId, Args.PROJECT, CallContext.PROJECT_RULE);
        return calls.authorise(projectId, null).invoke(call -> CallContext.requirePerson(call.caller()))
                .call(calls::enter).map(Call::caller);
    }

    /** An owner of the project; 403 naming {@code action} otherwise. */
    Uni<Caller> owner(String projectId, String action) {
        return member(projectId).invoke(caller -> CallContext.requireOwner(caller, action));
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
