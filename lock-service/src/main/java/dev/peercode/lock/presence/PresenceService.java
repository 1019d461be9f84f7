package dev.peercode.lock.presence;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.peercode.api.lock.PresenceListResponse;
import dev.peercode.api.lock.PresenceView;
import dev.peercode.lock.LockServiceConfig;
import dev.peercode.lock.store.CoordinationStore;
import dev.peercode.lock.store.Script;

/**
 * Presence: a session is active when seen within {@code peercode.lock.presence-window}. Entries
 * older than the window are dropped on each touch, and the whole set expires a window after the
 * last one, so quiet projects leave nothing behind.
 */
@ApplicationScoped
public class PresenceService {

    private final CoordinationStore store;
    private final LockServiceConfig config;

    public PresenceService(CoordinationStore store, LockServiceConfig config) {
        this.store = store;
        this.config = config;
    }

    /** Marks the session as seen now, as {@code member}'s: refused when the name is another member's. */
    public PresenceView touch(String projectId, String session, String member) {
        Seen seen = store.run(Script.PRESENCE_TOUCH, Seen.class,
                List.of(projectId, session, window(), SessionBinding.member(member)));
        SessionBinding.check(seen.status(), session, config.presenceWindow());
        return seen.view();
    }

    public PresenceListResponse active(String projectId) {
        Sessions answer = store.run(Script.PRESENCE_LIST, Sessions.class, List.of(projectId, window()));
        List<PresenceView> sessions = answer.sessions() == null ? List.of()
                : answer.sessions().stream().map(Seen::view).toList();
        return new PresenceListResponse(sessions, config.presenceWindow().toSeconds());
    }

    private String window() {
        return Long.toString(config.presenceWindow().toMillis());
    }

    record Seen(String status, String session, long lastSeen) {
        PresenceView view() {
            return new PresenceView(session, Instant.ofEpochMilli(lastSeen));
        }
    }

    record Sessions(List<Seen> sessions) {
    }
}
