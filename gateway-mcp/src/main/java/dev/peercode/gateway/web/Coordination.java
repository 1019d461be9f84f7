package dev.peercode.gateway.web;

import java.util.List;

import dev.peercode.api.lock.LockView;
import dev.peercode.api.lock.PresenceView;
import dev.peercode.api.lock.SyncStatusResponse;

/**
 * The live coordination state of a project, all from the lock service: who is active, who holds which
 * files, and the push token. {@code unavailable} names the parts the lock service could not give right
 * now, so the panel says so instead of failing the page.
 */
record Coordination(List<PresenceView> sessions, long activeWindowSeconds, List<LockView> locks, SyncStatusResponse sync,
        String syncBranch, List<String> holders, List<String> unavailable) {
}
