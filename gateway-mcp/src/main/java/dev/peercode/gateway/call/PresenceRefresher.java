package dev.peercode.gateway.call;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.peercode.gateway.client.LockApi;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/**
 * Refreshes a session's presence, and with it checks that the caller may act as that session: the lock
 * service binds a session name to the member who acts as it (SECURITY.md, "Sessions belong to members")
 * and refuses the touch with 409 {@code session-taken} when the name is another member's.
 * <p>
 * At most once per refresh interval per (project, session, member) on this replica ({@link PresenceConfig}); a
 * confirmed binding may be trusted that long because the lock service keeps it for at least the presence window
 * after each touch. A refusal is never remembered, so a name that has since become free can be taken at once; a
 * touch the lock service could not answer is not remembered either and does not fail the call.
 */
@ApplicationScoped
public class PresenceRefresher {

    private static final Duration TOUCH_TIMEOUT = Duration.ofSeconds(2);

    private final LockApi lock;
    private final Cache<String, Boolean> refreshed;

    PresenceRefresher(@RestClient LockApi lock, PresenceConfig presence) {
        this.lock = lock;
        this.refreshed = Caffeine.newBuilder().maximumSize(presence.maxSessions())
                .expireAfterWrite(presence.refreshInterval()).build();
    }

    /** Fails with the lock service's {@code session-taken} problem when the name is another member's. */
    public Uni<Void> seen(String projectId, String session, String member) {
        String key = projectId + '\n' + session + '\n' + member;
        if (refreshed.getIfPresent(key) != null) {
            return Uni.createFrom().voidItem();
        }
        // Deferred: a guard of the client (an open circuit breaker) that throws at once is handled like a failure.
        return Uni.createFrom().deferred(() -> lock.touch(projectId, session, member)).ifNoItem().after(TOUCH_TIMEOUT).fail()
                .invoke(Response::close).replaceWithVoid()
                .invoke(() -> refreshed.put(key, Boolean.TRUE))
                .onFailure(e -> !LockApi.isSessionTaken(e)).recoverWithUni(e -> {
                    // Down, slow, or any other answer: presence is a hint, and the lock and push-token calls are
                    // checked inside the lock service; the planner side keeps working through its outage.
                    Log.debugf("Presence touch of %s in %s failed: %s", session, projectId, e.toString());
                    return Uni.createFrom().voidItem();
                });
    }
}
