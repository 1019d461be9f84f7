package dev.peercode.api.lock;

import java.util.List;

/** The locks that were force-released, as they stood. */
public record ForceReleaseResponse(List<LockView> released) {
}
