package dev.peercode.api.lock;

import java.util.List;

/** Sessions seen within the presence window, most recent first. */
public record PresenceListResponse(List<PresenceView> sessions, long windowSeconds) {
}
