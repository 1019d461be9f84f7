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

import dev.peercode.api.planner.DeltaView;
import dev.peercode.api.planner.TaskDtos;
import dev.peercode.planner.common.Ids;
import dev.peercode.planner.config.PlannerConfig;
import dev.peercode.planner.delta.DeltaDraft;
import dev.peercode.planner.delta.DeltaLog;
import dev.peercode.planner.delta.DeltaTypes;
import dev.peercode.planner.error.Check;
import dev.peercode.planner.error.Problems;
import dev.peercode.planner.replan.PlanOperation.AddDependency;
import dev.peercode.planner.replan.PlanOperation.Cancel;
import dev.peercode.planner.replan.PlanOperation.CreatePhase;
import dev.peercode.planner.replan.PlanOperation.CreateTask;
import dev.peercode.planner.replan.PlanOperation.MoveTask;
import dev.peercode.planner.replan.PlanOperation.OnTask;
import dev.peercode.planner.replan.PlanOperation.RemoveDependency;
import dev.peercode.planner.replan.PlanOperation.ReorderPhase;
import dev.peercode.planner.replan.PlanOperation.Unassign;
import dev.peercode.planner.replan.PlanOperation.UpdateTask;
import dev.peercode.planner.replan.PlanSnapshot.LockFact;
import dev.peercode.planner.replan.PlanSnapshot.PhaseFact;
import dev.peercode.planner.replan.PlanSnapshot.SessionFact;
import dev.peercode.planner.replan.PlanSnapshot.TaskFact;
import dev.peercode.planner.replan.ReplanDtos.AnalyseRequest;
import dev.peercode.planner.replan.ReplanDtos.AnalysisView;
import dev.peercode.planner.replan.ReplanDtos.Revise;
import dev.peercode.planner.replan.ReplanDtos.RevisionView;
import dev.peercode.planner.task.Phase;
import dev.peercode.planner.task.PlanEdits;
import dev.peercode.planner.task.Task;
import dev.peercode.rules.tasks.TaskStatus;

/** Runs the pure analysis on the stored plan, and applies revisions all or nothing. */
@ApplicationScoped
public class ReplanService {

    private final PlanEdits edits;
    private final DeltaLog log;
    private final EntityManager em;
    private final PlannerConfig config;

    public ReplanService(PlanEdits edits, DeltaLog log, EntityManager em, PlannerConfig config) {
        this.edits = edits;
        this.log = log;
        this.em = em;
        this.config = config;
    }

    @Transactional
    public AnalysisView analyse(String projectId, AnalyseRequest r) {
        long lastSeq = log.lastSeq(projectId);
        List<PhaseFact> phases = edits.projectPhases(projectId).stream()
                .map(p -> new PhaseFact(p.id, p.name, p.position)).toList();
        List<TaskFact> facts = edits.projectTasks(projectId).stream()
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
            if (r.operations().get(i) instanceof OnTask op && op.expectedVersion() != null && op.taskId() != null
                    && !op.taskId().startsWith("$")) {
                String f = field(i);
                Task t = edits.referencedTask(projectId, op.taskId(), f + "taskId");
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
        PlanOperation applied;
        if (op instanceof CreatePhase c) {
            Phase p = edits.createPhase(projectId, c.name(), c.position(), f);
            remember(c.ref(), p.id, refs);
            applied = new CreatePhase(p.id, c.position(), c.name(), c.ref());
        } else if (op instanceof ReorderPhase o) {
            String phaseId = resolve(o.phaseId(), refs, f + "phaseId");
            edits.movePhase(projectId, edits.referencedPhase(projectId, phaseId, f + "phaseId"), o.position());
            applied = new ReorderPhase(phaseId, o.position());
        } else if (op instanceof CreateTask c) {
            String phaseId = resolve(c.phaseId(), refs, f + "phaseId");
            String dependsOn = resolve(c.dependsOn(), refs, f + "dependsOn");
            Task t = edits.createTask(projectId, new TaskDtos.CreateTask(actor, phaseId, c.title(),
                    c.description(), c.priority(), c.expectedFiles(), dependsOn == null ? null : List.of(dependsOn),
                    c.assignee(), c.position()), f);
            remember(c.ref(), t.id, refs);
            applied = c.applied(t.id, phaseId, dependsOn);
        } else if (op instanceof UpdateTask o) {
            String taskId = resolve(o.taskId(), refs, f + "taskId");
            edits.updateTask(projectId, edits.referencedTask(projectId, taskId, f + "taskId"),
                    new TaskDtos.UpdateTask(actor, null, o.title(),
                            o.description(), o.status(), o.assignee(), null, o.priority(), o.expectedFiles(), null),
                    f);
            applied = o.applied(taskId);
        } else if (op instanceof MoveTask o) {
            String taskId = resolve(o.taskId(), refs, f + "taskId");
            String phaseId = resolve(o.phaseId(), refs, f + "phaseId");
            edits.moveTask(projectId, edits.referencedTask(projectId, taskId, f + "taskId"), null, phaseId, o.position(),
                    f);
            applied = new MoveTask(taskId, o.expectedVersion(), phaseId, o.position());
        } else if (op instanceof AddDependency o) {
            String taskId = resolve(o.taskId(), refs, f + "taskId");
            String dependsOn = dependency(projectId, taskId, o.dependsOn(), true, f, refs);
            applied = new AddDependency(taskId, o.expectedVersion(), dependsOn);
        } else if (op instanceof RemoveDependency o) {
            String taskId = resolve(o.taskId(), refs, f + "taskId");
            String dependsOn = dependency(projectId, taskId, o.dependsOn(), false, f, refs);
            applied = new RemoveDependency(taskId, o.expectedVersion(), dependsOn);
        } else if (op instanceof Unassign o) {
            String taskId = resolve(o.taskId(), refs, f + "taskId");
            edits.updateTask(projectId, edits.referencedTask(projectId, taskId, f + "taskId"),
                    new TaskDtos.UpdateTask(actor, null, null, null, null, null, true, null, null, null), f);
            applied = new Unassign(taskId, o.expectedVersion());
        } else if (op instanceof Cancel o) {
            String taskId = resolve(o.taskId(), refs, f + "taskId");
            edits.updateTask(projectId, edits.referencedTask(projectId, taskId, f + "taskId"),
                    TaskDtos.UpdateTask.status(actor, null, TaskStatus.CANCELLED), f);
            applied = new Cancel(taskId, o.expectedVersion());
        } else {
            // Unknown: bean validation refused it already (Java 17 has no exhaustive switch over sealed types).
            throw Problems.invalid(f + "op", "unknown operation");
        }
        if (applied instanceof OnTask t) {
            touched.add(t.taskId());
        } else if (applied instanceof CreateTask c) {
            touched.add(c.taskId());
        }
        return applied;
    }

    /** Adds or removes one dependency edge; the task it names must exist. Returns its resolved id. */
    private String dependency(String projectId, String taskId, String raw, boolean add, String f,
            Map<String, String> refs) {
        String dependsOn = resolve(raw, refs, f + "dependsOn");
        edits.referencedTask(projectId, dependsOn, f + "dependsOn");
        edits.dependency(projectId, edits.referencedTask(projectId, taskId, f + "taskId"), dependsOn, add, f);
        return dependsOn;
    }

    private static void remember(String ref, String id, Map<String, String> refs) {
        if (ref != null) {
            refs.put(ref, id);
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
            String required = "is required for " + op.op();
            if (op instanceof OnTask t) {
                check.require(t.taskId() != null, f + "taskId", required);
            }
            String ref = null;
            if (op instanceof CreateTask c) {
                check.require(c.phaseId() != null, f + "phaseId", required)
                        .require(c.title() != null, f + "title", required);
                ref = c.ref();
            } else if (op instanceof CreatePhase c) {
                check.require(c.name() != null, f + "name", required);
                ref = c.ref();
            } else if (op instanceof ReorderPhase o) {
                check.require(o.phaseId() != null, f + "phaseId", required)
                        .require(o.position() != null, f + "position", required);
            } else if (op instanceof MoveTask o) {
                check.require(o.phaseId() != null, f + "phaseId", required);
            } else if (op instanceof AddDependency o) {
                check.require(o.dependsOn() != null, f + "dependsOn", required);
            } else if (op instanceof RemoveDependency o) {
                check.require(o.dependsOn() != null, f + "dependsOn", required);
            } else if (op instanceof UpdateTask o) {
                check.require(o.dependsOn() == null, f + "dependsOn",
                        "use add_dependency or remove_dependency to change dependencies")
                        .require(!o.changesNothing(), f + "op", "update_task changes nothing");
            }
            if (ref != null) {
                check.require(refs.add(ref), f + "ref", "is already used by an earlier operation");
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
