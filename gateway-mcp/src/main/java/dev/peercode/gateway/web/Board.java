package dev.peercode.gateway.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.peercode.api.planner.PlanView.CompactTask;
import dev.peercode.api.planner.PlanView.PhaseView;
import dev.peercode.rules.tasks.TaskStatus;

/**
 * The plan as a board: phases as columns, tasks as cards. A card says whether the task is blocked, by its
 * status or because a dependency is not finished yet, since that is what a person looks for first.
 */
record Board(List<Column> columns, int tasks) {

    record Column(String id, String name, String status, List<Card> cards) {
    }

    record Card(String id, String title, String status, String assignee, int priority, List<String> files,
            List<Dependency> dependsOn, boolean blocked, String blockedBecause) {
    }

    /** A dependency named by its title, with its status, so the card explains what it waits for. */
    record Dependency(String id, String title, String status, boolean finished) {
    }

    static Board of(List<PhaseView> phases) {
        Map<String, CompactTask> byId = new HashMap<>();
        phases.forEach(p -> p.tasks().forEach(t -> byId.put(t.id(), t)));
        List<Column> columns = new ArrayList<>();
        for (PhaseView phase : phases) {
            columns.add(new Column(phase.id(), phase.name(), phase.status(),
                    phase.tasks().stream().map(t -> card(t, byId)).toList()));
        }
        return new Board(columns, byId.size());
    }

    private static Card card(CompactTask task, Map<String, CompactTask> byId) {
        List<Dependency> deps = task.dependsOn() == null ? List.of()
                : task.dependsOn().stream().map(id -> {
                    CompactTask d = byId.get(id);
                    return d == null ? new Dependency(id, id, "unknown", false)
                            : new Dependency(id, d.title(), d.status(), TaskStatus.isFinished(d.status()));
                }).toList();
        List<String> waiting = deps.stream().filter(d -> !d.finished()).map(Dependency::title).toList();
        String because = null;
        if (TaskStatus.BLOCKED.equals(task.status())) {
            because = "marked blocked";
        } else if (!waiting.isEmpty() && !TaskStatus.isFinished(task.status())) {
            because = "waits for " + String.join(", ", waiting);
        }
        return new Card(task.id(), task.title(), task.status(), task.assignee(), task.priority(),
                task.expectedFiles() == null ? List.of() : task.expectedFiles(), deps, because != null, because);
    }
}
