package dev.peercode.api.planner;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One entry of a project's delta log as the API shows it. */
public record DeltaView(long seq, String type, String actor, Instant at, String summary, Map<String, Object> data,
        List<String> taskIds, List<String> paths) {
}
