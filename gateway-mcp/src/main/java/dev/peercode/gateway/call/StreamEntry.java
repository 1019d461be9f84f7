package dev.peercode.gateway.call;

import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.smallrye.mutiny.Uni;

/**
 * Enters the call of an event stream ({@link EnteredFirst}) before its resource method runs: a stream sends its
 * headers as it starts, after which a refusal (404, 403) could no longer be answered.
 */
public class StreamEntry {

    private final CallContext calls;

    StreamEntry(CallContext calls) {
        this.calls = calls;
    }

    @ServerRequestFilter
    @EnteredFirst
    public Uni<Void> enter(UriInfo uri, ResourceInfo resource) {
        String projectId = uri.getPathParameters().getFirst("projectId");
        Args.required("projectId", projectId, Args.PROJECT, CallContext.PROJECT_RULE);
        boolean people = resource.getResourceMethod().getAnnotation(EnteredFirst.class).people();
        return calls.authorise(projectId, null)
                .invoke(call -> {
                    if (people) {
                        CallContext.requirePerson(call.caller());
                    }
                })
                .call(calls::enter).replaceWithVoid();
    }
}
