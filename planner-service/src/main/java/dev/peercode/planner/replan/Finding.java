package dev.peercode.planner.replan;

import java.util.List;

/**
 * One thing the analysis noticed: its kind, why (a sentence for people and models), what it concerns
 * and the operations it proposes (possibly none: some findings only inform).
 */
public record Finding(String kind, String reason, List<String> taskIds, List<String> sessions,
        List<PlanOperation> operations) {

    public static final String DEPENDENCY_CYCLE = "dependency_cycle";
    public static final String STALE_ASSIGNEE = "stale_assignee";
    public static final String UNBLOCK = "unblock";
    public static final String ASSIGN = "assign";
    public static final String SCHEDULED_BEFORE_DEPENDENCY = "scheduled_before_dependency";
    public static final String FILE_OVERLAP = "file_overlap";
    public static final String PHASE_COMPLETE = "phase_complete";
    public static final String CRITICAL_PATH = "critical_path";
}
