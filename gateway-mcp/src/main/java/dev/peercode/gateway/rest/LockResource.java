package dev.peercode.gateway.rest;

import static dev.peercode.gateway.rest.RestContext.body;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import dev.peercode.api.lock.AcquireLocksRequest;
import dev.peercode.api.lock.AcquireLocksResponse;
import dev.peercode.api.lock.ForceReleaseRequest;
import dev.peercode.api.lock.ForceReleaseResponse;
import dev.peercode.api.lock.LockCheckResponse;
import dev.peercode.api.lock.LockListResponse;
import dev.peercode.api.lock.LockView;
import dev.peercode.api.lock.ReleaseLocksRequest;
import dev.peercode.api.lock.ReleaseLocksResponse;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.CallContext;
import dev.peercode.gateway.client.LockApi;
import io.smallrye.mutiny.Uni;

/** File locks. {@code GET .../locks/check} is what the pre-edit hook asks. */
@Path("/api/v1/projects/{projectId}/locks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Locks")
public class LockResource {

    private final LockApi lock;
    private final RestContext context;

    LockResource(@RestClient LockApi lock, RestContext context) {
        this.lock = lock;
        this.context = context;
    }

    @GET
    @Operation(summary = "Live locks, sorted by path (only the session's with mine=true)")
    public Uni<LockListResponse> list(@RestPath String projectId, @RestQuery String session, @RestQuery boolean mine) {
        return context.reading(projectId, session).chain(call -> lock.locks(projectId, mine ? call.session() : null));
    }

    @GET
    @Path("/check")
    @Operation(summary = "May this session edit this path? locked=true when ANOTHER session holds an overlapping lock")
    public Uni<RestDtos.LockCheck> check(@RestPath String projectId,
            @Parameter(description = "Repository-relative path", required = true) @RestQuery String path,
            @Parameter(description = "The asking session: its own locks never block it") @RestQuery String session) {
        return context.reading(projectId, session, () -> Args.text("path", path, true, 512))
                .chain(call -> lock.check(projectId, path, call.session()).map(answer -> others(answer, call.session())));
    }

    /** What the hook wants to know: the locks of other sessions on the path (its own never block it). */
    private static RestDtos.LockCheck others(LockCheckResponse answer, String session) {
        List<LockView> others = answer.locks().stream().filter(l -> session == null || !session.equals(l.holder()))
                .toList();
        if (others.isEmpty()) {
            return new RestDtos.LockCheck(false, null, null, null, null, answer.path(), List.of());
        }
        LockView first = others.get(0);
        return new RestDtos.LockCheck(true, first.holder(), first.reason(), first.taskId(), first.expiresAt(),
                answer.path(), List.copyOf(others));
    }

    @POST
    @Operation(summary = "Lock paths or globs, all or none; renews what the session already holds")
    @APIResponse(responseCode = "409", description = "lock-conflict: holder, reason, taskId, expiresAt")
    public Uni<AcquireLocksResponse> acquire(@RestPath String projectId, RestDtos.AcquireLocks body,
            @RestQuery String session) {
        return context.acting(projectId, session, () -> body(body))
                .chain(call -> lock.acquire(projectId, call.caller().subject(), new AcquireLocksRequest(call.session(),
                        body.paths(), body.reason(), body.taskId(), body.ttlSeconds())));
    }

    @POST
    @Path("/release")
    @Operation(summary = "Release the session's locks: some patterns, or all")
    public Uni<ReleaseLocksResponse> release(@RestPath String projectId, RestDtos.ReleaseLocks body,
            @RestQuery String session) {
        return context.acting(projectId, session).chain(call -> lock.release(projectId, call.caller().subject(),
                new ReleaseLocksRequest(call.session(), body == null ? null : body.paths())));
    }

    @POST
    @Path("/force-release")
    @Operation(summary = "Owners only: release another session's locks, with a reason")
    @APIResponse(responseCode = "403", description = "The caller is not an owner of the project")
    public Uni<ForceReleaseResponse> forceRelease(@RestPath String projectId, RestDtos.ForceRelease body,
            @RestQuery String session) {
        return context.acting(projectId, session, () -> body(body)).chain(call -> {
            if (!call.caller().isOwner()) {
                throw CallContext.forbidden("only a project owner can force-release locks");
            }
            return lock.forceRelease(projectId,
                    new ForceReleaseRequest(call.session(), body.reason(), body.paths(), body.holder()));
        });
    }
}
