package dev.peercode.gateway.tools;

import java.util.List;

import dev.peercode.api.planner.PlanView.TaskView;
import dev.peercode.gateway.call.OneOf;
import dev.peercode.gateway.call.ToolAnswer;
import dev.peercode.rules.tasks.TaskStatus;

/** A task after a change: what happened ({@code created}, {@code claimed}, {@code updated}, {@code moved}) and the task. */
public record TaskOutcome(@OneOf( {
        "created", "claimed", "updated", "moved" }) String outcome, String id, String phaseId,
        int position, String title,
        @OneOf(TaskStatus.REGEX) String status, String assignee,
        int priority, List<String> expectedFiles, List<String> dependsOn, long version) implements ToolAnswer{

    static TaskOutcome of(String outcome, TaskView t) {
        return new TaskOutcome(outcome, t.id(), t.phaseId(), t.position(), t.title(), t.status(), t.assignee(),
                t.priority(), t.expectedFiles(), t.dependsOn(), t.version());
    }
}
