package dev.peercode.lock.lock;

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
import dev.peercode.api.lock.AcquireLocksRequest;
import dev.peercode.api.lock.AcquireLocksResponse;
import dev.peercode.api.lock.ForceReleaseRequest;
import dev.peercode.api.lock.ForceReleaseResponse;
import dev.peercode.api.lock.LockCheckResponse;
import dev.peercode.api.lock.LockListResponse;
import dev.peercode.api.lock.ReleaseLocksRequest;
import dev.peercode.api.lock.ReleaseLocksResponse;
import dev.peercode.lock.presence.SessionBinding;
import dev.peercode.rules.text.SingleLine;
import io.smallrye.mutiny.Uni;

/** Internal API for file locks; the gateway authenticates and authorises, then calls this. */
@Path("/v1/projects/{projectId}/locks")
@Tag(name = "Locks")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class LockResource {

    private final LockService locks;

    public LockResource(LockService locks) {
        this.locks = locks;
    }

    @POST
    @Operation(summary = "Lock paths or globs, all or none", description = "Patterns the session already holds are renewed and keep their fencing token.")
    @APIResponse(responseCode = "200", description = "All patterns are now held by the session")
    @APIResponse(responseCode = "400", description = "Invalid input (problem+json, errors[] names each field)")
    @APIResponse(responseCode = "409", description = "lock-conflict: holder, reason, taskId, expiresAt of the first conflict, conflicts[] for all")
    public Uni<AcquireLocksResponse> acquire(
            @PathParam("projectId") @ProjectId String projectId,
            @Valid @NotNull AcquireLocksRequest body,
            @HeaderParam(SessionBinding.MEMBER_HEADER) @Size(max = 255) @SingleLine String member) {
        return locks.acquire(projectId, body, member);
    }

    @GET
    @Operation(summary = "List live locks, sorted by path")
    public LockListResponse list(
            @PathParam("projectId") @ProjectId String projectId,
            @QueryParam("session") @SessionId String session) {
        return locks.list(projectId, session);
    }

    @GET
    @Path("/check")
    @Operation(summary = "Who else holds a lock overlapping a path (the pre-edit hook asks this)")
    public LockCheckResponse check(
            @PathParam("projectId") @ProjectId String projectId,
            @QueryParam("path") @NotNull String path,
            @QueryParam("session") @SessionId String session) {
        return locks.check(projectId, path, session);
    }

    @POST
    @Path("/release")
    @Operation(summary = "Release the session's locks: some patterns, or all", description = "Only the holder releases; naming a pattern another session holds fails the whole call with 409.")
    @APIResponse(responseCode = "200", description = "Released (notHeld lists named patterns that were not locked)")
    @APIResponse(responseCode = "409", description = "conflict: a named pattern is held by another session (holder)")
    public Uni<ReleaseLocksResponse> release(
            @PathParam("projectId") @ProjectId String projectId,
            @Valid @NotNull ReleaseLocksRequest body,
            @HeaderParam(SessionBinding.MEMBER_HEADER) @Size(max = 255) @SingleLine String member) {
        return locks.release(projectId, body, member);
    }

    @POST
    @Path("/force-release")
    @Operation(summary = "Owner force-release, with a reason", description = "The gateway checks that forcedBy is an owner. Emits lock.force_released.")
    @APIResponse(responseCode = "200", description = "The locks released")
    @APIResponse(responseCode = "404", description = "not-found: nothing matched")
    public ForceReleaseResponse forceRelease(
            @PathParam("projectId") @ProjectId String projectId,
            @Valid @NotNull ForceReleaseRequest body) {
        return locks.forceRelease(projectId, body);
    }
}
