package dev.peercode.api.planner;

import java.util.List;

/**
 * A page of the log. {@code nextCursor} is what to pass as {@code after} next time; with filters it
 * may pass beyond the last returned delta (filtered-out deltas are skipped, not re-scanned).
 */
public record DeltaPage(List<DeltaView> deltas, long nextCursor, boolean hasMore, long lastSeq) {
}
