package dev.peercode.api.planner;

import java.time.Instant;
import java.util.List;

/** Phases in order, each with its tasks in order: the compact plan an agent loads at start-up. */
public record PlanView(List<PhaseView> phases) {

    /** A phase; {@code status} is derived from its tasks (empty, todo, in_progress, done). */
    public record PhaseView(String id, String name, int position, String status, List<CompactTask> tasks) {
    }

    /** A task without its description: what a model needs to see the whole plan in little context. */
    public record CompactTask(String id, int position, String title, String status, String assignee, int priority,
            List<String> expectedFiles, List<String> dependsOn, long version) {
    }

    public record TaskView(String id, String phaseId, int position, String title, String description, String status,
            String assignee, int priority, List<String> expectedFiles, List<String> dependsOn, long version,
            Instant updatedAt) {
    }
}
