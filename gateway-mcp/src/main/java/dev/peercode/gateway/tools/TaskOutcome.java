package dev.peercode.gateway.tools;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.peercode.gateway.client.PlannerDtos.TaskView;

/** A task after a change: what happened ({@code created}, {@code claimed}, {@code updated}, {@code moved}) and the task. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TaskOutcome(String outcome, String id, String phaseId, int position, String title, String status,
        String assignee, int priority, List<String> expectedFiles, List<String> dependsOn, long version) {

    static TaskOutcome of(String outcome, TaskView t) {
        return new TaskOutcome(outcome, t.id(), t.phaseId(), t.position(), t.title(), t.status(), t.assignee(),
                t.priority(), t.expectedFiles(), t.dependsOn(), t.version());
    }
}
