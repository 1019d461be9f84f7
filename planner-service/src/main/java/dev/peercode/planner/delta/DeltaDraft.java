package dev.peercode.planner.delta;

import java.util.List;
import java.util.Map;

/** A delta about to be appended; the log assigns seq and time. */
public record DeltaDraft(String type, String actor, String summary, Map<String, Object> data, List<String> taskIds,
        List<String> paths, String sourceEntryId) {

    /** Absent data, task ids or paths are empty: the log's columns are never null. */
    public DeltaDraft {
        data = data == null ? Map.of() : data;
        taskIds = taskIds == null ? List.of() : taskIds;
        paths = paths == null ? List.of() : paths;
    }

    public static DeltaDraft of(String type, String actor, String summary, Map<String, Object> data,
            List<String> taskIds) {
        return new DeltaDraft(type, actor, summary, data, taskIds, List.of(), null);
    }
}
