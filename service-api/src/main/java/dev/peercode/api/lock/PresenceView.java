package dev.peercode.api.lock;

import java.time.Instant;

/** A session and when it was last seen. */
public record PresenceView(String session, Instant lastSeen) {
}
