package dev.peercode.planner.delta;

import java.util.Set;

/** Every delta type the log carries. */
public final class DeltaTypes {

    public static final String PROJECT_CREATED = "project.created";
    public static final String MEMBER_ADDED = "member.added";
    public static final String MEMBER_ROLE_CHANGED = "member.role_changed";
    public static final String MEMBER_REMOVED = "member.removed";
    public static final String PHASE_CREATED = "phase.created";
    public static final String PHASE_MOVED = "phase.moved";
    public static final String TASK_CREATED = "task.created";
    public static final String TASK_UPDATED = "task.updated";
    public static final String TASK_CLAIMED = "task.claimed";
    public static final String TASK_MOVED = "task.moved";
    public static final String DEBATE_STARTED = "debate.started";
    public static final String DEBATE_RESPONDED = "debate.responded";
    public static final String DEBATE_RESOLVED = "debate.resolved";
    public static final String DEBATE_ESCALATED = "debate.escalated";
    public static final String DEBATE_DECIDED = "debate.decided";
    public static final String DEBATE_WITHDRAWN = "debate.withdrawn";
    public static final String PLAN_REVISED = "plan.revised";

    /** What agents broadcast themselves ({@code peercode_push_delta}). */
    public static final Set<String> AGENT_PUSHED = Set.of("discovery", "decision", "warning", "blocker", "handoff",
            "note");

    /** What the lock service writes to {@code peercode:events}. */
    public static final Set<String> FROM_LOCK_SERVICE = Set.of("lock.acquired", "lock.renewed", "lock.released",
            "lock.force_released", "lock.expired", "sync.granted", "sync.queued", "sync.completed", "sync.aborted",
            "sync.expired", "session.idle");

    public static final Set<String> PLANNER_OWNED = Set.of(PROJECT_CREATED, MEMBER_ADDED, MEMBER_ROLE_CHANGED, MEMBER_REMOVED,
            PHASE_CREATED, PHASE_MOVED,
            TASK_CREATED, TASK_UPDATED, TASK_CLAIMED, TASK_MOVED, DEBATE_STARTED, DEBATE_RESPONDED, DEBATE_RESOLVED,
            DEBATE_ESCALATED, DEBATE_DECIDED, DEBATE_WITHDRAWN, PLAN_REVISED);

    private DeltaTypes() {
    }

    public static boolean isKnown(String type) {
        return PLANNER_OWNED.contains(type) || AGENT_PUSHED.contains(type) || FROM_LOCK_SERVICE.contains(type);
    }
}
