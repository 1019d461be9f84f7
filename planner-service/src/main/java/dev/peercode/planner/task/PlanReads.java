package dev.peercode.planner.task;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.peercode.api.planner.PlanView;
import dev.peercode.api.planner.PlanView.CompactTask;
import dev.peercode.api.planner.PlanView.PhaseView;
import dev.peercode.api.planner.PlanView.TaskView;
import dev.peercode.planner.error.Problems;
import dev.peercode.rules.tasks.TaskStatus;

/** The plan as it is read: phases with their tasks, one task, filtered task lists. */
@ApplicationScoped
public class PlanReads {

    private final PhaseRepository phases;
    private final TaskRepository tasks;

    public PlanReads(PhaseRepository phases, TaskRepository tasks) {
        this.phases = phases;
        this.tasks = tasks;
    }

    @Transactional
    public PlanView plan(String projectId) {
        Map<String, List<CompactTask>> byPhase = new HashMap<>();
        for (Task t : tasks.listForProject(projectId)) {
            byPhase.computeIfAbsent(t.phaseId, k -> new ArrayList<>()).add(Task.compact(t));
        }
        List<PhaseView> views = new ArrayList<>();
        for (Phase p : phases.listForProject(projectId)) {
            views.add(view(p, byPhase.getOrDefault(p.id, List.of())));
        }
        return new PlanView(views);
    }

    /** 404 unless the task exists in this project. */
    @Transactional
    public TaskView get(String projectId, String taskId) {
        return Task.view(tasks.findInProject(projectId, taskId)
                .orElseThrow(() -> Problems.notFound("task", taskId)));
    }

    @Transactional
    public List<TaskView> list(String projectId, String status, String phaseId, String assignee) {
        return tasks.listForProject(projectId).stream()
                .filter(t -> status == null || status.equals(t.status))
                .filter(t -> phaseId == null || phaseId.equals(t.phaseId))
                .filter(t -> assignee == null || assignee.equals(t.assignee))
                .map(Task::view).toList();
    }

    static PhaseView view(Phase p, List<CompactTask> ts) {
        return new PhaseView(p.id, p.name, p.position, phaseStatus(ts), ts);
    }

    static String phaseStatus(List<CompactTask> ts) {
        if (ts.isEmpty()) {
            return "empty";
        }
        if (ts.stream().allMatch(t -> TaskStatus.isFinished(t.status()))) {
            return TaskStatus.DONE;
        }
        if (ts.stream().allMatch(t -> TaskStatus.TODO.equals(t.status()) || TaskStatus.CANCELLED.equals(t.status()))) {
            return TaskStatus.TODO;
        }
        return TaskStatus.IN_PROGRESS;
    }
}
