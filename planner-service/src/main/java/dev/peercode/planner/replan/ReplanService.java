package dev.peercode.planner.replan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import dev.peercode.planner.common.Ids;
import dev.peercode.planner.config.PlannerConfig;
import dev.peercode.planner.delta.DeltaDraft;
import dev.peercode.planner.delta.DeltaLog;
import dev.peercode.planner.delta.DeltaTypes;
import dev.peercode.planner.delta.DeltaView;
import dev.peercode.planner.error.Check;
import dev.peercode.planner.error.Problems;
import dev.peercode.planner.replan.PlanSnapshot.LockFact;
import dev.peercode.planner.replan.PlanSnapshot.PhaseFact;
import dev.peercode.planner.replan.PlanSnapshot.SessionFact;
import dev.peercode.planner.replan.PlanSnapshot.TaskFact;
import dev.peercode.planner.replan.ReplanDtos.AnalyseRequest;
import dev.peercode.planner.replan.ReplanDtos.AnalysisView;
import dev.peercode.planner.replan.ReplanDtos.Revise;
import dev.peercode.planner.replan.ReplanDtos.RevisionView;
import dev.peercode.planner.task.Phase;
import dev.peercode.planner.task.Task;
import dev.peercode.planner.task.TaskDtos.CreateTask;
import dev.peercode.planner.task.TaskDtos.UpdateTask;
import dev.peercode.planner.task.TaskService;
import dev.peercode.rules.tasks.TaskStatus;

/** Runs the pure analysis on the stored plan, and applies revisions all or nothing. */
@ApplicationScoped
public class ReplanService {

    private final TaskService tasks;
    private final DeltaLog log;
    private final EntityManager em;
    private final PlannerConfig config;

    public ReplanService(TaskService tasks, DeltaLog log, EntityManager em, PlannerConfig config) {
        this.tasks = tasks;
        this.log = log;
        this.em = em;
        this.config = config;
    }

    @Transactional
    public AnalysisView analyse(String projectId, AnalyseRequest r) {
        long lastSeq = log.lastSeq(projectId);
        List<PhaseFact> phases = tasks.projectPhases(projectId).stream()
                .map(p -> new PhaseFact(p.id, p.name, p.position)).toList();
        List<TaskFact> facts = tasks.projectTasks(projectId).stream()
                .map(t -> new TaskFact(t.id, t.phaseId, t.position, t.title, t.status, t.assignee, t.priority,
                        List.copyOf(t.expectedFiles), Set.copyOf(t.dependsOn), t.version))
                .toList();
        List<SessionFact> sessions = r.sessions() == null ? List.of()
                : r.sessions().stream().map(x -> new SessionFact(x.session(), x.lastSeenAt())).toList();
        List<LockFact> locks = r.locks() == null ? List.of()
                : r.locks().stream().map(x -> new LockFact(x.path(), x.holder())).toList();
        Analysis a = ReplanEngine.analyse(new PlanSnapshot(phases, facts, sessions, locks, Instant.now(),
                config.activeSessionWindow()));
        return new AnalysisView(lastSeq, a.findings(), a.operations(), a.criticalPath());
    }

    /**
     * Checks every {@code expectedVersion} before changing anything (409 naming all stale tasks), then
     * applies the operations in order. Any failure throws, and the transaction rolls back everything.
     */
    @Transactional
    public RevisionView revise(String projectId, Revise r) {
        checkShapes(r.operations());
        log.lockProject(projectId);
        List<Map<String, Object>> conflicts = new ArrayList<>();
        for (int i = 0; i < r.operations().size(); i++) {
            PlanOperation op = r.operations().get(i);
            if (op.expectedVersion() != null && op.taskId() != null && !op.taskId().startsWith("$")) {
                String f = field(i);
                Task t = tasks.findTask(projectId, op.taskId())
                        .orElseThrow(() -> Problems.unknownReference(f + "taskId", "task", op.taskId()));
                if (t.version != op.expectedVersion()) {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("operation", i);
                    c.put("id", t.id);
                    c.put("expectedVersion", op.expectedVersion());
                    c.put("currentVersion", t.version);
                    conflicts.add(c);
                }
            }
        }
        if (!conflicts.isEmpty()) {
            throw Problems.versionConflicts(conflicts);
        }
        Map<String, String> refs = new LinkedHashMap<>();
        List<PlanOperation> applied = new ArrayList<>();
        Set<String> touched = new LinkedHashSet<>();
        for (int i = 0; i < r.operations().size(); i++) {
            applied.add(apply(projectId, r.actor(), r.operations().get(i), field(i), refs, touched));
        }
        em.flush();
        String revisionId = Ids.revision();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("revisionId", revisionId);
        data.put("operations", applied.size());
        data.put("created", refs);
        if (r.basedOnSeq() != null) {
            data.put("basedOnSeq", r.basedOnSeq());
        }
        DeltaView delta = log.append(projectId, DeltaDraft.of(DeltaTypes.PLAN_REVISED, r.actor(),
                r.actor() + " revised the plan (" + applied.size() + " operations): " + r.reason(), data,
                List.copyOf(touched).subList(0, Math.min(touched.size(), 100))));
        PlanRevision rev = new PlanRevision();
        rev.id = revisionId;
        rev.projectId = projectId;
        rev.author = r.actor();
        rev.reason = r.reason();
        rev.operations = applied;
        rev.basedOnSeq = r.basedOnSeq();
        rev.seq = delta.seq();
        rev.createdAt = delta.at();
        em.persist(rev);
        return view(rev, refs);
    }

    @Transactional
    public List<RevisionView> list(String projectId) {
        return em.createQuery("from PlanRevision r where r.projectId = ?1 order by r.seq desc", PlanRevision.class)
                .setParameter(1, projectId).setMaxResults(50).getResultList().stream()
                .map(rev -> view(rev, Map.of())).toList();
    }

    private PlanOperation apply(String projectId, String actor, PlanOperation op, String f, Map<String, String> refs,
            Set<String> touched) {
        String taskId = resolve(op.taskId(), refs, f + "taskId");
        String phaseId = resolve(op.phaseId(), refs, f + "phaseId");
        String dependsOn = resolve(op.dependsOn(), refs, f + "dependsOn");
        switch (op.op()) {
            case "create_phase" -> {
                Phase p = tasks.applyCreatePhase(projectId, op.name(), op.position(), f);
                phaseId = p.id;
                remember(op, p.id, refs);
            }
            case "reorder_phase" -> tasks.applyMovePhase(projectId, phaseId, op.position(), f);
            case "create_task" -> {
                Task t = tasks.applyCreateTask(projectId, new CreateTask(actor, phaseId, op.title(), op.description(),
                        op.priority(), op.expectedFiles(), dependsOn == null ? null : List.of(dependsOn),
                        op.assignee(), op.position()), f);
                taskId = t.id;
                remember(op, t.id, refs);
            }
            case "update_task" -> tasks.applyUpdateTask(projectId, taskId, new UpdateTask(actor, null, op.title(),
                    op.description(), op.status(), op.assignee(), null, op.priority(), op.expectedFiles(), null), f);
            case "move_task" -> tasks.applyMoveTask(projectId, taskId, null, phaseId, op.position(), f);
            case "add_dependency", "remove_dependency" -> {
                if (tasks.findTask(projectId, dependsOn).isEmpty()) {
                    throw Problems.unknownReference(f + "dependsOn", "task", dependsOn);
                }
                tasks.applyDependency(projectId, taskId, dependsOn, op.op().equals("add_dependency"), f);
            }
            case "unassign" -> tasks.applyUpdateTask(projectId, taskId,
                    new UpdateTask(actor, null, null, null, null, null, true, null, null, null), f);
            case "cancel" -> tasks.applyUpdateTask(projectId, taskId,
                    UpdateTask.status(actor, null, TaskStatus.CANCELLED), f);
            default -> throw Problems.invalid(f + "op", "unknown operation");
        }
        if (taskId != null) {
            touched.add(taskId);
        }
        return new PlanOperation(op.op(), taskId, op.expectedVersion(), phaseId, op.position(), op.title(),
                op.description(), op.priority(), op.expectedFiles(), dependsOn, op.status(), op.assignee(), op.name(),
                op.ref());
    }

    private static void remember(PlanOperation op, String id, Map<String, String> refs) {
        if (op.ref() != null) {
            refs.put(op.ref(), id);
        }
    }

    private static String resolve(String value, Map<String, String> refs, String field) {
        if (value == null || !value.startsWith("$")) {
            return value;
        }
        String id = refs.get(value.substring(1));
        if (id == null) {
            throw Problems.unprocessable(field, value + " is not the ref of an earlier create operation");
        }
        return id;
    }

    /** The fields each op needs, named precisely, before anything is touched. */
    private static void checkShapes(List<PlanOperation> ops) {
        Check check = new Check();
        Set<String> refs = new HashSet<>();
        for (int i = 0; i < ops.size(); i++) {
            PlanOperation op = ops.get(i);
            String f = field(i);
            boolean needsTask = !op.op().equals("create_task") && !op.op().equals("create_phase")
                    && !op.op().equals("reorder_phase");
            check.require(!needsTask || op.taskId() != null, f + "taskId", "is required for " + op.op());
            switch (op.op()) {
                case "create_task" -> check.require(op.phaseId() != null, f + "phaseId", "is required for create_task")
                        .require(op.title() != null, f + "title", "is required for create_task");
                case "create_phase" -> check.require(op.name() != null, f + "name", "is required for create_phase");
                case "reorder_phase" -> check
                        .require(op.phaseId() != null, f + "phaseId", "is required for reorder_phase")
                        .require(op.position() != null, f + "position", "is required for reorder_phase");
                case "move_task" -> check.require(op.phaseId() != null, f + "phaseId", "is required for move_task");
                case "add_dependency", "remove_dependency" -> check.require(op.dependsOn() != null,
                        f + "dependsOn", "is required for " + op.op());
                case "update_task" -> check.require(op.dependsOn() == null, f + "dependsOn",
                        "use add_dependency or remove_dependency to change dependencies")
                        .require(op.title() != null || op.description() != null
                                || op.status() != null || op.assignee() != null || op.priority() != null
                                || op.expectedFiles() != null, f + "op", "update_task changes nothing");
                default -> {
                }
            }
            if (op.ref() != null) {
                check.require(op.op().equals("create_task") || op.op().equals("create_phase"), f + "ref",
                        "only create operations define refs")
                        .require(refs.add(op.ref()), f + "ref", "is already used by an earlier operation");
            }
        }
        check.orThrow();
    }

    private static String field(int i) {
        return "operations[" + i + "].";
    }

    private static RevisionView view(PlanRevision rev, Map<String, String> created) {
        return new RevisionView(rev.id, rev.author, rev.reason, rev.basedOnSeq, rev.seq, rev.createdAt,
                rev.operations, created);
    }
}
