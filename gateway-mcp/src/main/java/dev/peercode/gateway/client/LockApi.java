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

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import dev.peercode.api.lock.AcquireLocksRequest;
import dev.peercode.api.lock.AcquireLocksResponse;
import dev.peercode.api.lock.ForceReleaseRequest;
import dev.peercode.api.lock.ForceReleaseResponse;
import dev.peercode.api.lock.LockCheckResponse;
import dev.peercode.api.lock.LockListResponse;
import dev.peercode.api.lock.PresenceListResponse;
import dev.peercode.api.lock.ReleaseLocksRequest;
import dev.peercode.api.lock.ReleaseLocksResponse;
import dev.peercode.api.lock.SyncRequest;
import dev.peercode.api.lock.SyncResultResponse;
import dev.peercode.api.lock.SyncStartResponse;
import dev.peercode.api.lock.SyncStatusResponse;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/**
 * The lock-service's internal API: the gateway's single entry point to locks, the push token and presence, injected
 * with {@code @RestClient}. Guards like {@link PlannerApi}'s: every call bounded, retries on reads only, a circuit
 * breaker per method, failures as {@link BackendProblem} or {@link BackendUnavailable}. The bound is the REST client's
 * own read timeout ({@code quarkus.rest-client.lock.read-timeout}, 3 s), not {@code @Timeout}: the lock service has
 * no long call, and the client's timer runs on the event loop, where {@code @Timeout} woke its timer thread on every
 * call (a context switch per lock call, in the benchmark's profile).
 */
@RegisterRestClient(configKey = "lock")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RegisterProvider(InternalCredential.class)
// Every method behind its own circuit breaker; a 4xx answer is not a failure of the backend.
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, skipOn = BackendProblem.class)
@BackendCall(LockApi.SERVICE)
public interface LockApi {

    /** How callers see this backend named. */
    String SERVICE = "lock-service";
    /** The problem kind of a call as another member's session (lock-service README, "Sessions belong to members"). */
    String SESSION_TAKEN = "session-taken";

    /**
     * The member the gateway authenticated, on every call that acts as a session: the lock service binds
     * session names to members and refuses a call as another member's session (409 session-taken).
     */
    String MEMBER = "X-PeerCode-Member";

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return Problems.read(SERVICE, response);
    }

    /** The lock service's answer to a call as a session name bound to another member. */
    static boolean isSessionTaken(Throwable e) {
        return e instanceof BackendProblem p && SESSION_TAKEN.equals(p.kind());
    }

    /** Read through {@code BackendsReadinessCheck}; its breaker never opens, so readiness follows the lock service at once. */
    @GET
    @Path("/q/health/ready")
    @CircuitBreaker(skipOn = Throwable.class)
    Uni<Response> readiness();

    @POST
    @Path("/v1/projects/{projectId}/locks")
    Uni<AcquireLocksResponse> acquire(@PathParam("projectId") String projectId, @HeaderParam(MEMBER) String member,
            AcquireLocksRequest body);

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    @GET
    @Path("/v1/projects/{projectId}/locks")
    Uni<LockListResponse> locks(@PathParam("projectId") String projectId, @QueryParam("session") String session);

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    @GET
    @Path("/v1/projects/{projectId}/locks/check")
    Uni<LockCheckResponse> check(@PathParam("projectId") String projectId, @QueryParam("path") String path,
            @QueryParam("session") String session);

    @POST
    @Path("/v1/projects/{projectId}/locks/release")
    Uni<ReleaseLocksResponse> release(@PathParam("projectId") String projectId, @HeaderParam(MEMBER) String member,
            ReleaseLocksRequest body);

    @POST
    @Path("/v1/projects/{projectId}/locks/force-release")
    Uni<ForceReleaseResponse> forceRelease(@PathParam("projectId") String projectId, ForceReleaseRequest body);

    /**
     * Marks the session as seen now, as {@code member}'s: fails with the lock service's 409 {@code session-taken}
     * problem when the name is bound to another member (see {@code PresenceRefresher}); the caller closes the answer.
     */
    @PUT
    @Path("/v1/projects/{projectId}/presence/{session}")
    Uni<Response> touch(@PathParam("projectId") String projectId, @PathParam("session") String session,
            @HeaderParam(MEMBER) String member);

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    @GET
    @Path("/v1/projects/{projectId}/presence")
    Uni<PresenceListResponse> presence(@PathParam("projectId") String projectId);

    @POST
    @Path("/v1/projects/{projectId}/sync/start")
    Uni<SyncStartResponse> syncStart(@PathParam("projectId") String projectId, @HeaderParam(MEMBER) String member,
            SyncRequest body);

    @POST
    @Path("/v1/projects/{projectId}/sync/complete")
    Uni<SyncResultResponse> syncComplete(@PathParam("projectId") String projectId, @HeaderParam(MEMBER) String member,
            SyncRequest body);

    @POST
    @Path("/v1/projects/{projectId}/sync/abort")
    Uni<SyncResultResponse> syncAbort(@PathParam("projectId") String projectId, @HeaderParam(MEMBER) String member,
            SyncRequest body);

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    @GET
    @Path("/v1/projects/{projectId}/sync")
    Uni<SyncStatusResponse> syncStatus(@PathParam("projectId") String projectId, @QueryParam("session") String session);
}
