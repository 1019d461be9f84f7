package dev.peercode.planner.replan;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** What the replan analysis looks at: the plan from the database, presence and locks from the gateway. */
public record PlanSnapshot(List<PhaseFact> phases, List<TaskFact> tasks, List<SessionFact> sessions,
        List<LockFact> locks, Instant now, Duration activeWindow) {

    public record PhaseFact(String id, String name, int position) {
    }

    public record TaskFact(String id, String phaseId, int position, String title, String status, String assignee,
            int priority, List<String> files, Set<String> dependsOn, long version) {
    }

    /** A session and when it was last seen (its last tool call). */
    public record SessionFact(String session, Instant lastSeenAt) {
    }

    /** A live lock: a path or glob and the session holding it. */
    public record LockFact(String path, String holder) {
    }
}
