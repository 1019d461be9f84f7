package dev.peercode.gateway.rest;

import static dev.peercode.gateway.rest.RestContext.body;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import dev.peercode.api.lock.SyncRequest;
import dev.peercode.gateway.client.LockApi;
import dev.peercode.gateway.service.ProjectGuard;
import dev.peercode.gateway.service.SyncOutcome;
import io.smallrye.mutiny.Uni;

/** The push token of the sync branch. {@code GET} is what the git pre-push guard asks. */
@Path("/api/v1/projects/{projectId}/sync")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Push token")
public class SyncResource {

    private final LockApi lock;
    private final ProjectGuard projects;
    private final RestContext context;

    SyncResource(@RestClient LockApi lock, ProjectGuard projects, RestContext context) {
        this.lock = lock;
        this.projects = projects;
        this.context = context;
    }

    @GET
    @Operation(summary = "Push-token state: holder, queue, last push, and whether the session holds it")
    public Uni<RestDtos.SyncState> status(@RestPath String projectId, @RestQuery String session) {
        return context.reading(projectId, session).chain(call -> projects.withBranch(projectId,
                lock.syncStatus(projectId, call.session()), (s, branch) -> new RestDtos.SyncState(s.state(),
                        s.holder(), s.expiresAt(), s.queue(), s.position(),
                        call.session() != null && call.session().equals(s.holder()) && "held".equals(s.state()),
                        branch, s.lastPush())));
    }

    @POST
    @Path("/start")
    @Operation(summary = "Take the push token (granted: token + git steps) or join the queue")
    public Uni<SyncOutcome> start(@RestPath String projectId, @RestQuery String session) {
        return context.acting(projectId, session).chain(call -> projects.withBranch(projectId,
                lock.syncStart(projectId, call.caller().subject(),
                        new SyncRequest(call.session(), null, null, null)),
                SyncOutcome::started));
    }

    @POST
    @Path("/complete")
    @Operation(summary = "Report the push (token, commitSha, summary); the token passes to the queue head")
    public Uni<SyncOutcome> complete(@RestPath String projectId, RestDtos.SyncAction body, @RestQuery String session) {
        return context.acting(projectId, session, () -> body(body))
                .chain(call -> projects.withBranch(projectId, lock.syncComplete(projectId, call.caller().subject(),
                        new SyncRequest(call.session(), body.token(), body.commitSha(), body.summary())),
                        (done, branch) -> SyncOutcome.finished("complete", done, branch)));
    }

    @POST
    @Path("/abort")
    @Operation(summary = "Give the token back, decline an offer, or leave the queue")
    public Uni<SyncOutcome> abort(@RestPath String projectId, RestDtos.SyncAction body, @RestQuery String session) {
        return context.acting(projectId, session).chain(call -> projects.withBranch(projectId,
                lock.syncAbort(projectId, call.caller().subject(),
                        new SyncRequest(call.session(), body == null ? null : body.token(), null, null)),
                (done, branch) -> SyncOutcome.finished("abort", done, branch)));
    }
}
