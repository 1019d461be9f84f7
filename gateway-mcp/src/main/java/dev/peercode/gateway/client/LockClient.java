package dev.peercode.gateway.client;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

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
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * The gateway's single entry point to the lock-service: locks, the push token and presence. Guards
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
     * Marks the session as seen now, without making the caller wait: the request is sent at once and
     * its outcome only logged. Presence is a hint for replanning and the UI, never a reason to fail a call.
     */
    public void touchPresence(String projectId, String session) {
        api.touch(projectId, session)
                .ifNoItem().after(TOUCH_TIMEOUT).fail()
                .subscribe().with(response -> response.close(),
                        e -> Log.debugf("Presence touch of %s in %s failed: %s", session, projectId, e.toString()));
    }

    /**
     * Lock calls answer through a {@link Uni}: the MCP lock tools await them without holding a thread
     * (see {@code ToolContext#async}); the fault-tolerance guards apply to the Uni as they do to the
     * blocking methods.
     */
    public Uni<AcquireLocksResponse> acquire(String projectId, AcquireLocks body) {
        return api.acquire(projectId, body);
    }

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    public LockList locks(String projectId, String session) {
        return api.locks(projectId, session);
    }

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    public LockCheck check(String projectId, String path, String session) {
        return api.check(projectId, path, session);
    }

    public Uni<ReleaseLocksResponse> release(String projectId, ReleaseLocks body) {
        return api.release(projectId, body);
    }

    public Uni<ForceReleaseResponse> forceRelease(String projectId, ForceRelease body) {
        return api.forceRelease(projectId, body);
    }

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    public PresenceList presence(String projectId) {
        return api.presence(projectId);
    }

    public SyncStart syncStart(String projectId, SyncRequest body) {
        return api.syncStart(projectId, body);
    }

    public SyncResult syncComplete(String projectId, SyncRequest body) {
        return api.syncComplete(projectId, body);
    }

    public SyncResult syncAbort(String projectId, SyncRequest body) {
        return api.syncAbort(projectId, body);
    }

    @Retry(maxRetries = 1, delay = 100, abortOn = BackendProblem.class)
    public SyncStatus syncStatus(String projectId, String session) {
        return api.syncStatus(projectId, session);
    }
}
