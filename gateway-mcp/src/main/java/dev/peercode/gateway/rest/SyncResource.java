package dev.peercode.gateway.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.peercode.gateway.call.Await;
import dev.peercode.gateway.call.CallContext.Call;
import dev.peercode.gateway.client.LockClient;
import dev.peercode.gateway.client.LockDtos;
import dev.peercode.gateway.service.ProjectGuard;
import dev.peercode.gateway.service.SyncOutcome;
import io.vertx.core.http.HttpServerRequest;

/** The push token of the sync branch. {@code GET} is what the git pre-push guard asks. */
@Path("/api/v1/projects/{projectId}/sync")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Push token")
public class SyncResource {

    private final LockClient lock;
    private final ProjectGuard projects;
    private final RestContext context;

    SyncResource(LockClient lock, ProjectGuard projects, RestContext context) {
        this.lock = lock;
        this.projects = projects;
        this.context = context;
    }

    @GET
    @Operation(summary = "Push-token state: holder, queue, last push, and whether the session holds it")
    public RestDtos.SyncState status(@PathParam("projectId") String projectId, @QueryParam("session") String session,
            @Context HttpServerRequest request) {
        Call call = context.reading(projectId, session, request);
        LockDtos.SyncStatus s = Await.result(lock.syncStatus(projectId, call.session()));
        boolean holds = call.session() != null && call.session().equals(s.holder()) && "held".equals(s.state());
        return new RestDtos.SyncState(s.state(), s.holder(), s.expiresAt(), s.queue(), s.position(), holds,
                projects.syncBranch(projectId), s.lastPush());
    }

    @POST
    @Path("/start")
    @Operation(summary = "Take the push token (granted: token + git steps) or join the queue")
    public SyncOutcome start(@PathParam("projectId") String projectId, @QueryParam("session") String session,
            @Context HttpServerRequest request) {
        Call call = context.acting(projectId, session, request);
        return SyncOutcome.started(
                Await.result(lock.syncStart(projectId, call.caller().subject(),
                        new LockDtos.SyncRequest(call.session(), null, null, null))),
                projects.syncBranch(projectId));
    }

    @POST
    @Path("/complete")
    @Operation(summary = "Report the push (token, commitSha, summary); the token passes to the queue head")
    public SyncOutcome complete(@PathParam("projectId") String projectId, RestDtos.SyncAction body,
            @QueryParam("session") String session, @Context HttpServerRequest request) {
        Call call = context.acting(projectId, session, request);
        PlanResource.require(body);
        return SyncOutcome.finished("complete", Await.result(lock.syncComplete(projectId, call.caller().subject(),
                new LockDtos.SyncRequest(call.session(), body.token(), body.commitSha(), body.summary()))),
                projects.syncBranch(projectId));
    }

    @POST
    @Path("/abort")
    @Operation(summary = "Give the token back, decline an offer, or leave the queue")
    public SyncOutcome abort(@PathParam("projectId") String projectId, RestDtos.SyncAction body,
            @QueryParam("session") String session, @Context HttpServerRequest request) {
        Call call = context.acting(projectId, session, request);
        return SyncOutcome.finished("abort", Await.result(lock.syncAbort(projectId, call.caller().subject(),
                new LockDtos.SyncRequest(call.session(), body == null ? null : body.token(), null, null))),
                projects.syncBranch(projectId));
    }
}
