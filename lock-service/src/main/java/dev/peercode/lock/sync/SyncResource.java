package dev.peercode.lock.sync;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.peercode.api.ProjectId;
import dev.peercode.api.SessionId;
import dev.peercode.api.lock.SyncRequest;
import dev.peercode.api.lock.SyncResultResponse;
import dev.peercode.api.lock.SyncStartResponse;
import dev.peercode.api.lock.SyncStatusResponse;
import dev.peercode.lock.presence.SessionBinding;
import dev.peercode.rules.text.SingleLine;

/** Internal API for the push token of the sync branch. */
@Path("/v1/projects/{projectId}/sync")
@Tag(name = "Push token")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SyncResource {

    private final SyncService sync;

    public SyncResource(SyncService sync) {
        this.sync = sync;
    }

    @POST
    @Path("/start")
    @Operation(summary = "Take the push token, or join the FIFO queue", description = "Granted when free or when offered to this session (claim window); otherwise queued with position and holder. Repeating it is harmless.")
    public SyncStartResponse start(
            @PathParam("projectId") @ProjectId String projectId,
            @Valid @NotNull SyncRequest body,
            @HeaderParam(SessionBinding.MEMBER_HEADER) @Size(max = 255) @SingleLine String member) {
        return sync.start(projectId, body, member);
    }

    @POST
    @Path("/complete")
    @Operation(summary = "Report the push (token required); the token passes to the queue head")
    @APIResponse(responseCode = "409", description = "conflict: the token is not (or no longer) valid")
    public SyncResultResponse complete(
            @PathParam("projectId") @ProjectId String projectId,
            @Valid @NotNull SyncRequest body,
            @HeaderParam(SessionBinding.MEMBER_HEADER) @Size(max = 255) @SingleLine String member) {
        return sync.complete(projectId, body, member);
    }

    @POST
    @Path("/abort")
    @Operation(summary = "Give the token back, decline an offer, or leave the queue")
    @APIResponse(responseCode = "409", description = "conflict: the session neither holds nor waits, or the token is wrong")
    public SyncResultResponse abort(
            @PathParam("projectId") @ProjectId String projectId,
            @Valid @NotNull SyncRequest body,
            @HeaderParam(SessionBinding.MEMBER_HEADER) @Size(max = 255) @SingleLine String member) {
        return sync.abort(projectId, body, member);
    }

    @GET
    @Operation(summary = "State, holder, queue and last push (never the token value)")
    public SyncStatusResponse status(
            @PathParam("projectId") @ProjectId String projectId,
            @QueryParam("session") @SessionId String session) {
        return sync.status(projectId, session);
    }
}
