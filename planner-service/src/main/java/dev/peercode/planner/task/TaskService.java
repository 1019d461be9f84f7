package dev.peercode.planner.task;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.peercode.api.planner.PlanView.PhaseView;
import dev.peercode.api.planner.PlanView.TaskView;
import dev.peercode.api.planner.TaskDtos.ClaimTask;
import dev.peercode.api.planner.TaskDtos.CreatePhase;
import dev.peercode.api.planner.TaskDtos.CreateTask;
import dev.peercode.api.planner.TaskDtos.MovePhase;
import dev.peercode.api.planner.TaskDtos.MoveTask;
import dev.peercode.api.planner.TaskDtos.UpdateTask;
import dev.peercode.planner.delta.DeltaDraft;
import dev.peercode.planner.delta.DeltaLog;
import dev.peercode.planner.delta.DeltaTypes;
import dev.peercode.planner.error.Problems;
import dev.peercode.rules.tasks.TaskStatus;

/**
 * The plan changes of the phase and task endpoints: each a transaction that locks the project, makes
 * one change through {@link PlanEdits} and appends one delta. The id in the path is looked up as the
 * request's target (404 when it names nothing).
 */
@ApplicationScoped
public class TaskService {

    private final PlanEdits edits;
    private final TaskRepository tasks;
    private final DeltaLog log;

    public TaskService(PlanEdits edits, TaskRepository tasks, DeltaLog log) {
        this.edits = edits;
        this.tasks = tasks;
        this.log = log;
    }

    @Transactional
    public PhaseView createPhase(String projectId, CreatePhase request) {
        log.lockProject(projectId);
        Phase p = edits.createPhase(projectId, request.name(), request.position(), "");
        log.append(projectId, DeltaDraft.of(DeltaTypes.PHASE_CREATED, request.actor(),
                "Phase '" + p.name + "' created at position " + p.position,
                Map.of("phaseId", p.id, "name", p.name, "position", p.position), List.of()));
        return PlanReads.view(p, List.of());
    }

    @Transactional
    public PhaseView movePhase(String projectId, String phaseId, MovePhase request) {
        log.lockProject(projectId);
        Phase p = edits.phase(projectId, phaseId);
        int from = p.position;
        edits.movePhase(projectId, p, request.position());
        log.append(projectId, DeltaDraft.of(DeltaTypes.PHASE_MOVED, request.actor(),
                "Phase '" + p.name + "' moved from position " + from + " to " + p.position,
                Map.of("phaseId", p.id, "from", from, "to", p.position), List.of()));
        return PlanReads.view(p, tasks.listForPhase(p.id).stream().map(Task::compact).toList());
    }

    @Transactional
    public TaskView createTask(String projectId, CreateTask request) {
        log.lockProject(projectId);
        Task t = edits.createTask(projectId, request, "");
        tasks.flush();
        log.append(projectId, DeltaDraft.of(DeltaTypes.TASK_CREATED, request.actor(),
                "Task '" + t.title + "' created" + (t.assignee == null ? "" : " for " + t.assignee),
                Map.of("status", t.status, "phaseId", t.phaseId, "priority", t.priority), List.of(t.id)));
        return Task.view(t);
    }

    @Transactional
    public TaskView updateTask(String projectId, String taskId, UpdateTask request) {
        log.lockProject(projectId);
        Task t = edits.task(projectId, taskId);
        Map<String, Object> before = PlanEdits.snapshot(t);
        edits.updateTask(projectId, t, request, "");
        Map<String, Object> changes = changes(before, PlanEdits.snapshot(t));
        if (changes.isEmpty()) {
            return Task.view(t); // nothing changed: no new version, no delta
        }
        tasks.flush();
        log.append(projectId, DeltaDraft.of(DeltaTypes.TASK_UPDATED, request.actor(),
                "Task '" + t.title + "' updated: " + String.join(", ", changes.keySet()),
                Map.of("changes", changes, "version", t.version), List.of(t.id)));
        return Task.view(t);
    }

    /**
     * Assign to self and start. All claimers of a project serialise on the project row lock, so exactly
     * one of N racing claimers finds the task free; the others get 409 naming it.
     */
    @Transactional
    public TaskView claim(String projectId, String taskId, ClaimTask request) {
        log.lockProject(projectId);
        Task t = edits.task(projectId, taskId);
        if (TaskStatus.isFinished(t.status)) {
            throw Problems.conflict(taskId + " is " + t.status + " and cannot be claimed",
                    Map.of("status", t.status));
        }
        if (request.actor().equals(t.assignee) && TaskStatus.IN_PROGRESS.equals(t.status)
                && (request.expectedVersion() == null || request.expectedVersion() == t.version)) {
            return Task.view(t); // already ours: claiming again changes nothing
        }
        edits.updateTask(projectId, t, new UpdateTask(request.actor(), request.expectedVersion(), null, null,
                TaskStatus.IN_PROGRESS, request.actor(), null, null, null, null), "");
        tasks.flush();
        log.append(projectId, DeltaDraft.of(DeltaTypes.TASK_CLAIMED, request.actor(),
                request.actor() + " claimed '" + t.title + "'", Map.of("assignee", t.assignee, "version", t.version),
                List.of(t.id)));
        return Task.view(t);
    }

    @Transactional
    public TaskView moveTask(String projectId, String taskId, MoveTask request) {
        log.lockProject(projectId);
        Task t = edits.task(projectId, taskId);
        String fromPhase = t.phaseId;
        edits.moveTask(projectId, t, request.expectedVersion(), request.phaseId(), request.position(), "");
        tasks.flush();
        log.append(projectId, DeltaDraft.of(DeltaTypes.TASK_MOVED, request.actor(),
                "Task '" + t.title + "' moved to position " + t.position + " of " + t.phaseId,
                Map.of("fromPhaseId", fromPhase, "phaseId", t.phaseId, "position", t.position, "version", t.version),
                List.of(t.id)));
        return Task.view(t);
    }

    /** Only what changed, as {@code {field: {from, to}}}; descriptions are summarised, not copied. */
    private static Map<String, Object> changes(Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> changes = new LinkedHashMap<>();
        after.forEach((k, v) -> {
            Object old = before.get(k);
            if (!Objects.equals(old, v)) {
                if (k.equals("description")) {
                    changes.put(k, Map.of("changed", true));
                } else {
                    Map<String, Object> change = new HashMap<>();
                    change.put("from", old);
                    change.put("to", v);
                    changes.put(k, change);
                }
            }
        });
        return changes;
    }
}
