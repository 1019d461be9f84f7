package dev.peercode.gateway.client;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

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
import io.smallrye.mutiny.Uni;

/**
 * The gateway's single entry point to the lock-service: locks, the push token and presence. Every call answers
 * through a {@link Uni}, awaited without holding a thread; the fault-tolerance guards apply to the Uni. Guards
 * like {@link PlannerClient}'s: every call bounded, retries on reads only, a circuit breaker per method,
 * failures as {@link BackendProblem} or {@link BackendUnavailable}. The bound is the REST client's own
 * read timeout ({@code quarkus.rest-client.lock.read-timeout}, 3 s), not {@code @Timeout}: the lock
 * service has no long call, and the client's timer runs on the event loop, where {@code @Timeout} woke
 * its timer thread on every call (a context switch per lock call, in the benchmark's profile).
 */
@ApplicationScoped
// Every method behind its own circuit breaker; a 4xx answer is not a failure of the backend.
@CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000, skipOn = BackendProblem.class)
@BackendCall(LockClient.SERVICE)
public class LockClient {

    /** How callers see this backend named. */
    public static final String SERVICE = "lock-service";
    /** The problem kind of a call as another member's session (lock-service README, "Sessions belong to members"). */
    public static final String SESSION_TAKEN = "session-taken";
    private static final Duration TOUCH_TIMEOUT = Duration.ofSeconds(2);

    private final LockApi api;

    LockClient(@RestClient LockApi api) {
        this.api = api;
    }

    /** Whether the lock service answers its readiness probe, that is, reaches its Redis. */
    public Uni<Boolean> isReady() {
        return Readiness.of(api.readiness());
    }

    /**
     * Marks the session as seen now, as {@code member}'s: fails with the lock service's 409
     * {@code session-taken} problem when the name is bound to another member (see {@code PresenceRefresher}).
     */
    public Uni<Void> touchPresence(String projectId, String session, String member) {
        return api.touch(projectId, session, member)
                .ifNoItem().after(TOUCH_TIMEOUT).fail()
                .invoke(Response::close)
                .replaceWithVoid();
    }

    /** The lock service's answer to a call as a session name bound to another member. */
    public static boolean isSessionTaken(Throwable e) {
        return e instanceof BackendProblem p && SESSION_TAKEN.equals(p.kind());
    }

    public Uni<AcquireLocksResponse> acquire(String projectId, String member, AcquireLocks body) {
        return api.acquire(projectId, member, body);
    }

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    public Uni<LockList> locks(String projectId, String session) {
        return api.locks(projectId, session);
    }

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    public Uni<LockCheck> check(String projectId, String path, String session) {
        return api.check(projectId, path, session);
    }

    public Uni<ReleaseLocksResponse> release(String projectId, String member, ReleaseLocks body) {
        return api.release(projectId, member, body);
    }

    public Uni<ForceReleaseResponse> forceRelease(String projectId, ForceRelease body) {
        return api.forceRelease(projectId, body);
    }

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    public Uni<PresenceList> presence(String projectId) {
        return api.presence(projectId);
    }

    public Uni<SyncStart> syncStart(String projectId, String member, SyncRequest body) {
        return api.syncStart(projectId, member, body);
    }

    public Uni<SyncResult> syncComplete(String projectId, String member, SyncRequest body) {
        return api.syncComplete(projectId, member, body);
    }

    public Uni<SyncResult> syncAbort(String projectId, String member, SyncRequest body) {
        return api.syncAbort(projectId, member, body);
    }

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    public Uni<SyncStatus> syncStatus(String projectId, String session) {
        return api.syncStatus(projectId, session);
    }
}
