package dev.peercode.planner.task;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.peercode.api.planner.TaskDtos.CreateTask;
import dev.peercode.api.planner.TaskDtos.UpdateTask;
import dev.peercode.planner.common.Ids;
import dev.peercode.planner.error.Problems;
import dev.peercode.problem.FieldError;
import dev.peercode.problem.ProblemException;
import dev.peercode.rules.paths.PathPatterns;
import dev.peercode.rules.tasks.DependencyGraph;
import dev.peercode.rules.tasks.TaskStatus;

/**
 * The building blocks of every plan change: they change phases and tasks inside the caller's
 * transaction (the project already locked) and append no delta, so one request ({@link TaskService})
 * or one plan revision of many operations can each record its own.
 *
 * <p>
 * The entity a change targets is looked up by the caller, which knows how its id arrived: in the
 * path ({@link #task}, {@link #phase}: 404 when it names nothing) or in a body field
 * ({@link #referencedTask}, {@link #referencedPhase}: 422 naming the field). Ids the building blocks
 * read from a body themselves are references. {@code field} prefixes the names of body fields in
 * errors ({@code operations[3].}, or empty).
 */
@ApplicationScoped
public class PlanEdits {

    static final int MAX_PHASES = 100;
    static final int MAX_TASKS = 2000;

    private final PhaseRepository phases;
    private final TaskRepository tasks;

    public PlanEdits(PhaseRepository phases, TaskRepository tasks) {
        this.phases = phases;
        this.tasks = tasks;
    }

    // ---- lookups --------------------------------------------------------------------------------

    /** The task a request's path names: 404 unless it exists in this project. */
    public Task task(String projectId, String taskId) {
        return tasks.findInProject(projectId, taskId).orElseThrow(() -> Problems.notFound("task", taskId));
    }

    /** A task named in a body field: 422 naming the field unless it exists in this project. */
    public Task referencedTask(String projectId, String taskId, String field) {
        return tasks.findInProject(projectId, taskId)
                .orElseThrow(() -> Problems.unknownReference(field, "task", taskId));
    }

    /** The phase a request's path names: 404 unless it exists in this project. */
    public Phase phase(String projectId, String phaseId) {
        return phases.findInProject(projectId, phaseId).orElseThrow(() -> Problems.notFound("phase", phaseId));
    }

    /** A phase named in a body field: 422 naming the field unless it exists in this project. */
    public Phase referencedPhase(String projectId, String phaseId, String field) {
        return phases.findInProject(projectId, phaseId)
                .orElseThrow(() -> Problems.unknownReference(field, "phase", phaseId));
    }

    public boolean taskExists(String projectId, String taskId) {
        return tasks.findInProject(projectId, taskId).isPresent();
    }

    public List<Task> projectTasks(String projectId) {
        return tasks.listForProject(projectId);
    }

    public List<Phase> projectPhases(String projectId) {
        return phases.listForProject(projectId);
    }

    // ---- changes ---------------------------------------------------------------------------------

    @Transactional(Transactional.TxType.MANDATORY)
    public Phase createPhase(String projectId, String name, Integer position, String field) {
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
    public Phase movePhase(String projectId, Phase moving, int position) {
        List<Phase> ps = new ArrayList<>(phases.listForProject(projectId));
        ps.remove(moving);
        ps.add(Math.min(position, ps.size()), moving);
        for (int i = 0; i < ps.size(); i++) {
            ps.get(i).position = i;
        }
        return moving;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Task createTask(String projectId, CreateTask request, String field) {
        Phase phase = referencedPhase(projectId, request.phaseId(), field + "phaseId");
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
        t.expectedFiles = PathPatterns.normaliseAll(field + "expectedFiles", request.expectedFiles());
        t.assignee = request.assignee();
        t.status = TaskStatus.TODO;
        t.createdAt = Instant.now();
        t.updatedAt = t.createdAt;
        t.dependsOn = checkedDependencies(projectId, t.id, request.dependsOn(), field + "dependsOn");
        tasks.persist(t);
        return t;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Task updateTask(String projectId, Task t, UpdateTask r, String field) {
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
            t.expectedFiles = PathPatterns.normaliseAll(field + "expectedFiles", r.expectedFiles());
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
    public Task moveTask(String projectId, Task t, Long expectedVersion, String phaseId, Integer position,
            String field) {
        checkVersion(t, expectedVersion);
        Phase target = referencedPhase(projectId, phaseId, field + "phaseId");
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
    public Task dependency(String projectId, Task t, String dependsOnId, boolean add, String field) {
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

    /** What a task update can change, to tell whether it changed anything. */
    static Map<String, Object> snapshot(Task t) {
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
            referencedTask(projectId, dep, field + "[" + i + "]");
            deps.add(dep);
        }
        Map<String, Set<String>> graph = new HashMap<>();
        for (Task other : tasks.listForProject(projectId)) {
            graph.put(other.id, new LinkedHashSet<>(other.dependsOn));
        }
        graph.put(taskId, deps);
        DependencyGraph.findCycle(graph).ifPresent(cycle -> {
            throw new ProblemException(422, "dependency-cycle", "Dependency cycle",
                    "these dependencies would form a cycle: " + String.join(" -> ", cycle),
                    List.of(new FieldError(field, "would form a cycle")), Map.of("cycle", cycle));
        });
        return deps;
    }
}
