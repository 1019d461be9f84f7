package dev.peercode.planner.task;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.peercode.planner.common.Ids;
import dev.peercode.planner.delta.DeltaDraft;
import dev.peercode.planner.delta.DeltaLog;
import dev.peercode.planner.delta.DeltaTypes;
import dev.peercode.planner.error.Problems;
import dev.peercode.planner.replan.DependencyGraph;
import dev.peercode.planner.task.PlanView.CompactTask;
import dev.peercode.planner.task.PlanView.PhaseView;
import dev.peercode.planner.task.PlanView.TaskView;
import dev.peercode.planner.task.TaskDtos.ClaimTask;
import dev.peercode.planner.task.TaskDtos.CreatePhase;
import dev.peercode.planner.task.TaskDtos.CreateTask;
import dev.peercode.planner.task.TaskDtos.MovePhase;
import dev.peercode.planner.task.TaskDtos.MoveTask;
import dev.peercode.planner.task.TaskDtos.UpdateTask;
import dev.peercode.problem.FieldError;
import dev.peercode.rules.paths.PathPatterns;
import dev.peercode.rules.tasks.TaskStatus;

/**
 * Phases and tasks. Public methods are transactions that lock the project, change the plan and append
 * one delta. The {@code apply…} methods change the plan without a delta, inside the caller's
 * transaction, so a plan revision can combine many of them under one {@code plan.revised} delta.
 * Their {@code field} argument prefixes error fields ({@code operations[3].}).
 */
@ApplicationScoped
public class TaskService {

    static final int MAX_PHASES = 100;
    static final int MAX_TASKS = 2000;

    private final PhaseRepository phases;
    private final TaskRepository tasks;
    private final DeltaLog log;

    public TaskService(PhaseRepository phases, TaskRepository tasks, DeltaLog log) {
        this.phases = phases;
        this.tasks = tasks;
        this.log = log;
    }

    // ---- reads ----------------------------------------------------------------------------------

    @Transactional
    public PlanView plan(String projectId) {
        List<Phase> ps = phases.listForProject(projectId);
        Map<String, List<CompactTask>> byPhase = new HashMap<>();
        for (Task t : tasks.listForProject(projectId)) {
            byPhase.computeIfAbsent(t.phaseId, k -> new ArrayList<>()).add(CompactTask.of(t));
        }
        List<PhaseView> views = new ArrayList<>();
        for (Phase p : ps) {
            List<CompactTask> ts = byPhase.getOrDefault(p.id, List.of());
            views.add(new PhaseView(p.id, p.name, p.position, phaseStatus(ts), ts));
        }
        return new PlanView(views);
    }

    @Transactional
    public TaskView get(String projectId, String taskId) {
        return TaskView.of(task(projectId, taskId, null));
    }

    @Transactional
    public List<TaskView> list(String projectId, String status, String phaseId, String assignee) {
        return tasks.listForProject(projectId).stream()
                .filter(t -> status == null || status.equals(t.status))
                .filter(t -> phaseId == null || phaseId.equals(t.phaseId))
                .filter(t -> assignee == null || assignee.equals(t.assignee))
                .map(TaskView::of).toList();
    }

    // ---- transactions: one change, one delta ------------------------------------------------------

    @Transactional
    public PhaseView createPhase(String projectId, CreatePhase request) {
        log.lockProject(projectId);
        Phase p = applyCreatePhase(projectId, request.name(), request.position(), "");
        log.append(projectId, DeltaDraft.of(DeltaTypes.PHASE_CREATED, request.actor(),
                "Phase '" + p.name + "' created at position " + p.position,
                Map.of("phaseId", p.id, "name", p.name, "position", p.position), List.of()));
        return new PhaseView(p.id, p.name, p.position, "empty", List.of());
    }

    @Transactional
    public PhaseView movePhase(String projectId, String phaseId, MovePhase request) {
        log.lockProject(projectId);
        int from = phase(projectId, phaseId, null).position;
        Phase p = applyMovePhase(projectId, phaseId, request.position(), "");
        log.append(projectId, DeltaDraft.of(DeltaTypes.PHASE_MOVED, request.actor(),
                "Phase '" + p.name + "' moved from position " + from + " to " + p.position,
                Map.of("phaseId", p.id, "from", from, "to", p.position), List.of()));
        List<CompactTask> ts = tasks.listForPhase(p.id).stream().map(CompactTask::of).toList();
        return new PhaseView(p.id, p.name, p.position, phaseStatus(ts), ts);
    }

    @Transactional
    public TaskView createTask(String projectId, CreateTask request) {
        log.lockProject(projectId);
        Task t = applyCreateTask(projectId, request, "");
        tasks.flush();
        log.append(projectId, DeltaDraft.of(DeltaTypes.TASK_CREATED, request.actor(),
                "Task '" + t.title + "' created" + (t.assignee == null ? "" : " for " + t.assignee),
                Map.of("status", t.status, "phaseId", t.phaseId, "priority", t.priority), List.of(t.id)));
        return TaskView.of(t);
    }

    @Transactional
    public TaskView updateTask(String projectId, String taskId, UpdateTask request) {
        log.lockProject(projectId);
        Task t = task(projectId, taskId, null);
        Map<String, Object> before = snapshot(t);
        applyUpdateTask(projectId, taskId, request, "");
        Map<String, Object> changes = changes(before, snapshot(t));
        if (changes.isEmpty()) {
            return TaskView.of(t); // nothing changed: no new version, no delta
        }
        tasks.flush();
        log.append(projectId, DeltaDraft.of(DeltaTypes.TASK_UPDATED, request.actor(),
                "Task '" + t.title + "' updated: " + String.join(", ", changes.keySet()),
                Map.of("changes", changes, "version", t.version), List.of(t.id)));
        return TaskView.of(t);
    }

    /**
     * Assign to self and start. All claimers of a project serialise on the project row lock, so exactly
     * one of N racing claimers finds the task free; the others get 409 naming it.
     */
    @Transactional
    public TaskView claim(String projectId, String taskId, ClaimTask request) {
        log.lockProject(projectId);
        Task t = task(projectId, taskId, null);
        if (TaskStatus.isFinished(t.status)) {
            throw Problems.conflict(taskId + " is " + t.status + " and cannot be claimed",
                    Map.of("status", t.status));
        }
        if (request.actor().equals(t.assignee) && TaskStatus.IN_PROGRESS.equals(t.status)
                && (request.expectedVersion() == null || request.expectedVersion() == t.version)) {
            return TaskView.of(t); // already ours: claiming again changes nothing
        }
        applyUpdateTask(projectId, taskId, new UpdateTask(request.actor(), request.expectedVersion(), null, null,
                TaskStatus.IN_PROGRESS, request.actor(), null, null, null, null), "");
        tasks.flush();
        log.append(projectId, DeltaDraft.of(DeltaTypes.TASK_CLAIMED, request.actor(),
                request.actor() + " claimed '" + t.title + "'", Map.of("assignee", t.assignee, "version", t.version),
                List.of(t.id)));
        return TaskView.of(t);
    }

    @Transactional
    public TaskView moveTask(String projectId, String taskId, MoveTask request) {
        log.lockProject(projectId);
        Task t = task(projectId, taskId, null);
        String fromPhase = t.phaseId;
        applyMoveTask(projectId, taskId, request.expectedVersion(), request.phaseId(), request.position(), "");
        tasks.flush();
        log.append(projectId, DeltaDraft.of(DeltaTypes.TASK_MOVED, request.actor(),
                "Task '" + t.title + "' moved to position " + t.position + " of " + t.phaseId,
                Map.of("fromPhaseId", fromPhase, "phaseId", t.phaseId, "position", t.position, "version", t.version),
                List.of(t.id)));
        return TaskView.of(t);
    }

    // ---- building blocks (caller's transaction, project already locked, no delta) ---------------------

    @Transactional(Transactional.TxType.MANDATORY)
    public Phase applyCreatePhase(String projectId, String name, Integer position, String field) {
        List<Phase> ps = phases.listForProject(projectId);
        if (ps.size() >= MAX_PHASES) {
            throw Problems.unprocessable(field + "name", "a project has at most " + MAX_PHASES + " phases");
        }
        int at = position == null ? ps.size() : Math.min(position, ps.size());
        for (Phase other : ps) {
            if (other.position >= at) {
                other.position++;
            }
        }
        Phase p = new Phase();
        p.id = Ids.phase();
        p.projectId = projectId;
        p.name = name.strip();
        p.position = at;
        p.createdAt = Instant.now();
        phases.persist(p);
        return p;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Phase applyMovePhase(String projectId, String phaseId, int position, String field) {
        Phase moving = phase(projectId, phaseId, field.isEmpty() ? null : field + "phaseId");
        List<Phase> ps = new ArrayList<>(phases.listForProject(projectId));
        ps.remove(moving);
        ps.add(Math.min(position, ps.size()), moving);
        for (int i = 0; i < ps.size(); i++) {
            ps.get(i).position = i;
        }
        return moving;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Task applyCreateTask(String projectId, CreateTask request, String field) {
        Phase phase = phase(projectId, request.phaseId(), field + "phaseId");
        if (tasks.count("projectId", projectId) >= MAX_TASKS) {
            throw Problems.unprocessable(field + "title", "a project has at most " + MAX_TASKS + " tasks");
        }
        List<Task> inPhase = tasks.listForPhase(phase.id);
        int at = request.position() == null ? inPhase.size() : Math.min(request.position(), inPhase.size());
        for (Task other : inPhase) {
            if (other.position >= at) {
                other.position++;
            }
        }
        Task t = new Task();
        t.id = Ids.task();
        t.projectId = projectId;
        t.phaseId = phase.id;
        t.position = at;
        t.title = request.title().strip();
        t.description = request.description();
        t.priority = request.priority() == null ? 2 : request.priority();
        t.expectedFiles = normaliseFiles(request.expectedFiles(), field + "expectedFiles");
        t.assignee = request.assignee();
        t.status = TaskStatus.TODO;
        t.createdAt = Instant.now();
        t.updatedAt = t.createdAt;
        t.dependsOn = checkedDependencies(projectId, t.id, request.dependsOn(), field + "dependsOn");
        tasks.persist(t);
        return t;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Task applyUpdateTask(String projectId, String taskId, UpdateTask r, String field) {
        Task t = task(projectId, taskId, field.isEmpty() ? null : field + "taskId");
        checkVersion(t, r.expectedVersion());
        Map<String, Object> before = snapshot(t);
        if (r.assignee() != null && Boolean.TRUE.equals(r.unassign())) {
            throw Problems.invalid(field + "unassign", "must not be combined with assignee");
        }
        // Taking for yourself what another session holds is a claim, and claims do not steal.
        if (r.assignee() != null && r.assignee().equals(r.actor()) && t.assignee != null
                && !t.assignee.equals(r.actor())) {
            throw Problems.claimConflict(t.id, t.assignee, t.version);
        }
        if (r.title() != null) {
            t.title = r.title().strip();
        }
        if (r.description() != null) {
            t.description = r.description();
        }
        if (r.priority() != null) {
            t.priority = r.priority();
        }
        if (r.expectedFiles() != null) {
            t.expectedFiles = normaliseFiles(r.expectedFiles(), field + "expectedFiles");
        }
        if (r.dependsOn() != null) {
            Set<String> deps = checkedDependencies(projectId, t.id, r.dependsOn(), field + "dependsOn");
            if (!deps.equals(t.dependsOn)) { // touching the collection at all would bump the version
                t.dependsOn.clear();
                t.dependsOn.addAll(deps);
            }
        }
        if (Boolean.TRUE.equals(r.unassign())) {
            t.assignee = null;
        } else if (r.assignee() != null) {
            t.assignee = r.assignee();
        }
        if (r.status() != null && !r.status().equals(t.status)) {
            if (!TaskStatus.canMove(t.status, r.status())) {
                throw Problems.conflict("a task cannot go from " + t.status + " to " + r.status() + "; allowed: "
                        + TaskStatus.nextOf(t.status).stream().sorted().collect(Collectors.joining(", ")),
                        Map.of("status", t.status));
            }
            t.status = r.status();
        }
        if (TaskStatus.IN_PROGRESS.equals(t.status) && t.assignee == null) {
            if (Boolean.TRUE.equals(r.unassign())) {
                t.status = TaskStatus.TODO; // unassigning work in progress hands it back
            } else {
                t.assignee = r.actor(); // starting unassigned work means taking it
            }
        }
        if (!before.equals(snapshot(t))) {
            t.updatedAt = Instant.now();
        }
        return t;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Task applyMoveTask(String projectId, String taskId, Long expectedVersion, String phaseId, Integer position,
            String field) {
        Task t = task(projectId, taskId, field.isEmpty() ? null : field + "taskId");
        checkVersion(t, expectedVersion);
        Phase target = phase(projectId, phaseId, field + "phaseId");
        List<Task> source = new ArrayList<>(tasks.listForPhase(t.phaseId));
        source.remove(t);
        for (int i = 0; i < source.size(); i++) {
            source.get(i).position = i;
        }
        List<Task> dest = target.id.equals(t.phaseId) ? source : new ArrayList<>(tasks.listForPhase(target.id));
        dest.add(position == null ? dest.size() : Math.min(position, dest.size()), t);
        t.phaseId = target.id;
        for (int i = 0; i < dest.size(); i++) {
            dest.get(i).position = i;
        }
        t.updatedAt = Instant.now();
        return t;
    }

    /** Adds or removes one edge; adding one that closes a cycle is refused. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Task applyDependency(String projectId, String taskId, String dependsOnId, boolean add, String field) {
        Task t = task(projectId, taskId, field + "taskId");
        if (add) {
            Set<String> deps = new LinkedHashSet<>(t.dependsOn);
            deps.add(dependsOnId);
            t.dependsOn.clear();
            t.dependsOn.addAll(checkedDependencies(projectId, t.id, List.copyOf(deps), field + "dependsOn"));
        } else {
            t.dependsOn.remove(dependsOnId);
        }
        t.updatedAt = Instant.now();
        return t;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Task> findTask(String projectId, String taskId) {
        return tasks.findByIdOptional(taskId).filter(t -> t.projectId.equals(projectId));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<Task> projectTasks(String projectId) {
        return tasks.listForProject(projectId);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<Phase> projectPhases(String projectId) {
        return phases.listForProject(projectId);
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** A task of this project: 404 when addressed by the path, 422 naming the field when referenced in a body. */
    private Task task(String projectId, String taskId, String field) {
        return findTask(projectId, taskId).orElseThrow(() -> field == null ? Problems.notFound("task", taskId)
                : Problems.unknownReference(field, "task", taskId));
    }

    private Phase phase(String projectId, String phaseId, String field) {
        return phases.findByIdOptional(phaseId).filter(p -> p.projectId.equals(projectId))
                .orElseThrow(() -> field == null ? Problems.notFound("phase", phaseId)
                        : Problems.unknownReference(field, "phase", phaseId));
    }

    private static void checkVersion(Task t, Long expected) {
        if (expected != null && expected != t.version) {
            throw Problems.versionConflict("task", t.id, expected, t.version);
        }
    }

    private Set<String> checkedDependencies(String projectId, String taskId, List<String> requested, String field) {
        Set<String> deps = new LinkedHashSet<>();
        if (requested == null) {
            return deps;
        }
        for (int i = 0; i < requested.size(); i++) {
            String dep = requested.get(i);
            if (dep.equals(taskId)) {
                throw Problems.unprocessable(field + "[" + i + "]", "a task cannot depend on itself");
            }
            if (findTask(projectId, dep).isEmpty()) {
                throw Problems.unknownReference(field + "[" + i + "]", "task", dep);
            }
            deps.add(dep);
        }
        Map<String, Set<String>> graph = new HashMap<>();
        for (Task other : tasks.listForProject(projectId)) {
            graph.put(other.id, new LinkedHashSet<>(other.dependsOn));
        }
        graph.put(taskId, deps);
        DependencyGraph.findCycle(graph).ifPresent(cycle -> {
            throw new dev.peercode.problem.ProblemException(422, "dependency-cycle", "Dependency cycle",
                    "these dependencies would form a cycle: " + String.join(" -> ", cycle),
                    List.of(new FieldError(field, "would form a cycle")), Map.of("cycle", cycle));
        });
        return deps;
    }

    private static List<String> normaliseFiles(List<String> files, String field) {
        return PathPatterns.normaliseAll(field, files);
    }

    static String phaseStatus(List<CompactTask> ts) {
        if (ts.isEmpty()) {
            return "empty";
        }
        if (ts.stream().allMatch(t -> TaskStatus.isFinished(t.status()))) {
            return "done";
        }
        if (ts.stream().allMatch(t -> TaskStatus.TODO.equals(t.status()) || TaskStatus.CANCELLED.equals(t.status()))) {
            return "todo";
        }
        return "in_progress";
    }

    private static Map<String, Object> snapshot(Task t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", t.title);
        m.put("description", t.description);
        m.put("status", t.status);
        m.put("assignee", t.assignee);
        m.put("priority", t.priority);
        m.put("expectedFiles", List.copyOf(t.expectedFiles));
        m.put("dependsOn", t.dependsOn.stream().sorted().toList());
        return m;
    }

    /** Only what changed, as {@code {field: {from, to}}}; descriptions are summarised, not copied. */
    private static Map<String, Object> changes(Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> changes = new LinkedHashMap<>();
        after.forEach((k, v) -> {
            Object old = before.get(k);
            if (!java.util.Objects.equals(old, v)) {
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
