package dev.peercode.planner.delta;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One entry of a project's delta log as the API shows it. */
public record DeltaView(long seq, String type, String actor, Instant at, String summary, Map<String, Object> data,
        List<String> taskIds, List<String> paths) {

    static DeltaView of(Delta d) {
        return new DeltaView(d.seq, d.type, d.actor, d.at, d.summary, d.data, d.taskIds, d.paths);
    }
}
