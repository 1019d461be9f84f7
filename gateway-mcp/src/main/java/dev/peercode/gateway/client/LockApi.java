package dev.peercode.gateway.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import dev.peercode.gateway.client.LockDtos.AcquireLocks;
import dev.peercode.gateway.client.LockDtos.AcquireLocksResponse;
import dev.peercode.gateway.client.LockDtos.ForceRelease;
import dev.peercode.gateway.client.LockDtos.ForceReleaseResponse;
import dev.peercode.gateway.client.LockDtos.LockCheck;
import dev.peercode.gateway.client.LockDtos.LockList;
import dev.peercode.gateway.client.LockDtos.PresenceList;
import dev.peercode.gateway.client.LockDtos.ReleaseLocks;
import dev.peercode.gateway.client.LockDtos.ReleaseLocksResponse;
import dev.peercode.gateway.client.LockDtos.SyncRequest;
import dev.peercode.gateway.client.LockDtos.SyncResult;
import dev.peercode.gateway.client.LockDtos.SyncStart;
import dev.peercode.gateway.client.LockDtos.SyncStatus;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/** The lock-service's internal API, as the gateway calls it. Used only through {@link LockClient}. */
@RegisterRestClient(configKey = "lock")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RegisterProvider(InternalCredential.class)
interface LockApi {

    /**
     * The member the gateway authenticated, on every call that acts as a session: the lock service binds
     * session names to members and refuses a call as another member's session (409 session-taken).
     */
    String MEMBER = "X-PeerCode-Member";

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return Problems.read(LockClient.SERVICE, response);
    }

    @GET
    @Path("/q/health/ready")
    Uni<Response> readiness();

    @POST
    @Path("/v1/projects/{projectId}/locks")
    Uni<AcquireLocksResponse> acquire(@PathParam("projectId") String projectId, @HeaderParam(MEMBER) String member,
            AcquireLocks body);

    @GET
    @Path("/v1/projects/{projectId}/locks")
    Uni<LockList> locks(@PathParam("projectId") String projectId, @QueryParam("session") String session);

    @GET
    @Path("/v1/projects/{projectId}/locks/check")
    Uni<LockCheck> check(@PathParam("projectId") String projectId, @QueryParam("path") String path,
            @QueryParam("session") String session);

    @POST
    @Path("/v1/projects/{projectId}/locks/release")
    Uni<ReleaseLocksResponse> release(@PathParam("projectId") String projectId, @HeaderParam(MEMBER) String member,
            ReleaseLocks body);

    @POST
    @Path("/v1/projects/{projectId}/locks/force-release")
    Uni<ForceReleaseResponse> forceRelease(@PathParam("projectId") String projectId, ForceRelease body);

    @PUT
    @Path("/v1/projects/{projectId}/presence/{session}")
    Uni<Response> touch(@PathParam("projectId") String projectId, @PathParam("session") String session,
            @HeaderParam(MEMBER) String member);

    @GET
    @Path("/v1/projects/{projectId}/presence")
    Uni<PresenceList> presence(@PathParam("projectId") String projectId);

    @POST
    @Path("/v1/projects/{projectId}/sync/start")
    Uni<SyncStart> syncStart(@PathParam("projectId") String projectId, @HeaderParam(MEMBER) String member, SyncRequest body);

    @POST
    @Path("/v1/projects/{projectId}/sync/complete")
    Uni<SyncResult> syncComplete(@PathParam("projectId") String projectId, @HeaderParam(MEMBER) String member,
            SyncRequest body);

    @POST
    @Path("/v1/projects/{projectId}/sync/abort")
    Uni<SyncResult> syncAbort(@PathParam("projectId") String projectId, @HeaderParam(MEMBER) String member, SyncRequest body);

    @GET
    @Path("/v1/projects/{projectId}/sync")
    Uni<SyncStatus> syncStatus(@PathParam("projectId") String projectId, @QueryParam("session") String session);
}
