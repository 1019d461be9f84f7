package dev.peercode.gateway.web;

import java.util.List;

import dev.peercode.gateway.client.LockDtos.LockView;
import dev.peercode.gateway.client.LockDtos.PresenceView;
import dev.peercode.gateway.client.LockDtos.SyncStatus;

/**
 * The live coordination state of a project, all from the lock service: who is active, who holds which
 * files, and the push token. {@code unavailable} names the parts the lock service could not give right
 * now, so the panel says so instead of failing the page.
 */
record Coordination(List<PresenceView> sessions, long activeWindowSeconds, List<LockView> locks, SyncStatus sync,
        String syncBranch, List<String> holders, List<String> unavailable) {
}
