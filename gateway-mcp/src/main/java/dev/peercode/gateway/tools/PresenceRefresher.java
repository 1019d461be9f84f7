package dev.peercode.gateway.tools;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.peercode.gateway.client.LockClient;

/**
 * Refreshes a session's presence at most once per {@code peercode.gateway.presence.refresh-interval}
 * per (project, session) on this replica. Presence has minute granularity (active = seen within the
 * lock service's window, 2 minutes), so touching it on every tool call only doubled the lock service's
 * requests: the benchmark measured one presence {@code PUT} per tool call next to the call itself. A
 * session that keeps calling stays active as long as the interval is well inside the window. A touch
 * that fails is not retried before the interval has passed (presence is a hint, never a reason to fail
 * a call). Bounded: the least recently refreshed sessions are forgotten first, which only means their
 * next call touches again.
 */
@ApplicationScoped
public class PresenceRefresher {

    private final LockClient lock;
    private final Cache<String, Boolean> refreshed;

    PresenceRefresher(LockClient lock, PresenceConfig presence) {
        this.lock = lock;
        this.refreshed = Caffeine.newBuilder().maximumSize(presence.maxSessions())
                .expireAfterWrite(presence.refreshInterval()).build();
    }

    /** Touches the session's presence unless this replica did so within the refresh interval. */
    public void seen(String projectId, String session) {
        // putIfAbsent: of many concurrent first calls of one session, exactly one touches.
        if (refreshed.asMap().putIfAbsent(projectId + '\n' + session, Boolean.TRUE) == null) {
            lock.touchPresence(projectId, session);
        }
    }
}
