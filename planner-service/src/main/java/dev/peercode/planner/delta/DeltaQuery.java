package dev.peercode.planner.delta;

import java.util.Set;

/**
 * A read of the log: after {@code after} (or, when null, after the session's durable cursor), only
 * {@code types} (empty = all), without {@code excludeActor}'s own deltas.
 */
public record DeltaQuery(String projectId, Long after, Set<String> types, String excludeActor, int limit,
        String session) {

    DeltaQuery after(long cursor) {
        return new DeltaQuery(projectId, cursor, types, excludeActor, limit, session);
    }
}
