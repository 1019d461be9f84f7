package dev.peercode.planner.replan;

import static dev.peercode.rules.tasks.TaskStatus.BLOCKED;
import static dev.peercode.rules.tasks.TaskStatus.IN_PROGRESS;
import static dev.peercode.rules.tasks.TaskStatus.REVIEW;
import static dev.peercode.rules.tasks.TaskStatus.TODO;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.peercode.planner.replan.PlanSnapshot.LockFact;
import dev.peercode.planner.replan.PlanSnapshot.PhaseFact;
import dev.peercode.planner.replan.PlanSnapshot.SessionFact;
import dev.peercode.planner.replan.PlanSnapshot.TaskFact;
import dev.peercode.rules.paths.PathPatterns;
import dev.peercode.rules.tasks.DependencyGraph;
import dev.peercode.rules.tasks.TaskStatus;

/**
 * The replan analysis of DESIGN.md §5. Pure and deterministic: the same snapshot (in any input order)
 * gives the same analysis. The server proposes; agents decide which operations to apply.
 */
public final class ReplanEngine {

    private ReplanEngine() {
    }

    public static Analysis analyse(PlanSnapshot s) {
        Map<String, TaskFact> tasks = new TreeMap<>();
        s.tasks().forEach(t -> tasks.put(t.id(), t));
        Map<String, Integer> phaseOrder = new HashMap<>();
        List<PhaseFact> phases = s.phases().stream()
                .sorted(Comparator.comparingInt(PhaseFact::position).thenComparing(PhaseFact::id)).toList();
        for (int i = 0; i < phases.size(); i++) {
            phaseOrder.put(phases.get(i).id(), i);
        }
        Set<String> active = activeSessions(s);
        Map<String, Set<String>> graph = new TreeMap<>();
        tasks.values().forEach(t -> graph.put(t.id(), new TreeSet<>(knownDeps(t, tasks))));

        List<Finding> findings = new ArrayList<>();
        cycles(graph, findings);
        Set<String> unassigned = staleAssignees(tasks, active, findings);
        unblock(tasks, findings);
        scheduledBeforeDependencies(tasks, phaseOrder, findings);
        fileOverlaps(tasks, graph, findings);
        assignments(s, tasks, phaseOrder, active, unassigned, findings);
        List<String> critical = criticalPath(tasks, graph, findings);
        phasesComplete(phases, tasks, findings);

        Set<PlanOperation> all = new LinkedHashSet<>();
        findings.forEach(f -> all.addAll(f.operations()));
        return new Analysis(List.copyOf(findings), List.copyOf(all), critical);
    }

    static Set<String> activeSessions(PlanSnapshot s) {
        Set<String> active = new TreeSet<>();
        for (SessionFact f : s.sessions()) {
            if (f.lastSeenAt() != null && !f.lastSeenAt().isBefore(s.now().minus(s.activeWindow()))) {
                active.add(f.session());
            }
        }
        return active;
    }

    private static Set<String> knownDeps(TaskFact t, Map<String, TaskFact> tasks) {
        Set<String> deps = new TreeSet<>();
        for (String d : t.dependsOn()) {
            if (tasks.containsKey(d) && !d.equals(t.id())) {
                deps.add(d);
            }
        }
        return deps;
    }

    private static boolean finished(TaskFact t) {
        return TaskStatus.isFinished(t.status());
    }

    /** Each cycle is broken by removing its last edge; repeated until no cycle is left. */
    private static void cycles(Map<String, Set<String>> graph, List<Finding> findings) {
        Map<String, Set<String>> g = new TreeMap<>();
        graph.forEach((k, v) -> g.put(k, new TreeSet<>(v)));
        for (int guard = 0; guard < 1000; guard++) {
            Optional<List<String>> cycle = DependencyGraph.findCycle(g);
            if (cycle.isEmpty()) {
                return;
            }
            List<String> c = cycle.get();
            String from = c.get(c.size() - 2);
            String to = c.get(c.size() - 1);
            g.get(from).remove(to);
            findings.add(new Finding(Finding.DEPENDENCY_CYCLE,
                    "dependencies form a cycle " + String.join(" -> ", c) + ", so none of these tasks can ever be ready; "
                            + "removing " + from + " -> " + to + " breaks it",
                    List.copyOf(new LinkedHashSet<>(c)), List.of(), List.of(new PlanOperation.RemoveDependency(from, to))));
        }
    }

    private static Set<String> staleAssignees(Map<String, TaskFact> tasks, Set<String> active, List<Finding> findings) {
        Set<String> unassigned = new HashSet<>();
        for (TaskFact t : tasks.values()) {
            if (IN_PROGRESS.equals(t.status()) && t.assignee() != null && !active.contains(t.assignee())) {
                unassigned.add(t.id());
                findings.add(new Finding(Finding.STALE_ASSIGNEE,
                        t.assignee() + " has gone quiet while '" + t.title() + "' is in progress; unassign it so "
                                + "another session can take it",
                        List.of(t.id()), List.of(t.assignee()), List.of(new PlanOperation.Unassign(t.id(), t.version()))));
            }
        }
        return unassigned;
    }

    private static void unblock(Map<String, TaskFact> tasks, List<Finding> findings) {
        for (TaskFact t : tasks.values()) {
            Set<String> deps = knownDeps(t, tasks);
            if (BLOCKED.equals(t.status()) && !deps.isEmpty()
                    && deps.stream().allMatch(d -> finished(tasks.get(d)))) {
                findings.add(new Finding(Finding.UNBLOCK,
                        "'" + t.title() + "' is blocked but everything it depends on is finished",
                        List.of(t.id()), List.of(), List.of(PlanOperation.UpdateTask.status(t.id(), t.version(), TODO))));
            }
        }
    }

    private static void scheduledBeforeDependencies(Map<String, TaskFact> tasks, Map<String, Integer> phaseOrder,
            List<Finding> findings) {
        for (TaskFact t : tasks.values()) {
            if (finished(t) || !phaseOrder.containsKey(t.phaseId())) {
                continue;
            }
            int own = phaseOrder.get(t.phaseId());
            TaskFact latest = null;
            for (String d : knownDeps(t, tasks)) {
                TaskFact dep = tasks.get(d);
                Integer depPhase = phaseOrder.get(dep.phaseId());
                if (!finished(dep) && depPhase != null && depPhase > own
                        && (latest == null || depPhase > phaseOrder.get(latest.phaseId()))) {
                    latest = dep;
                }
            }
            if (latest != null) {
                findings.add(new Finding(Finding.SCHEDULED_BEFORE_DEPENDENCY,
                        "'" + t.title() + "' is in an earlier phase than '" + latest.title()
                                + "', which it depends on; move it to that phase",
                        List.of(t.id(), latest.id()), List.of(),
                        List.of(new PlanOperation.MoveTask(t.id(), t.version(), latest.phaseId(), null))));
            }
        }
    }

    /** In-progress tasks of different sessions that expect to touch the same files: serialise them. */
    private static void fileOverlaps(Map<String, TaskFact> tasks, Map<String, Set<String>> graph,
            List<Finding> findings) {
        List<TaskFact> running = tasks.values().stream()
                .filter(t -> IN_PROGRESS.equals(t.status()) && t.assignee() != null).toList();
        for (int i = 0; i < running.size(); i++) {
            for (int j = i + 1; j < running.size(); j++) {
                TaskFact a = running.get(i);
                TaskFact b = running.get(j);
                if (a.assignee().equals(b.assignee())) {
                    continue;
                }
                List<String> shared = overlapping(a.files(), b.files());
                if (shared.isEmpty()) {
                    continue;
                }
                // The less urgent one (higher number; then the later id) waits for the other.
                boolean aFirst = a.priority() < b.priority() || (a.priority() == b.priority() && a.id().compareTo(b.id()) < 0);
                TaskFact first = aFirst ? a : b;
                TaskFact later = aFirst ? b : a;
                List<PlanOperation> ops = new ArrayList<>();
                if (!graph.get(later.id()).contains(first.id()) && !wouldCycle(graph, later.id(), first.id())) {
                    ops.add(new PlanOperation.AddDependency(later.id(), first.id()));
                }
                findings.add(new Finding(Finding.FILE_OVERLAP,
                        "'" + a.title() + "' (" + a.assignee() + ") and '" + b.title() + "' (" + b.assignee()
                                + ") both expect to change " + String.join(", ", shared)
                                + "; let '" + later.title() + "' wait for '" + first.title() + "'",
                        List.of(a.id(), b.id()), List.of(a.assignee(), b.assignee()), ops));
            }
        }
    }

    private static boolean wouldCycle(Map<String, Set<String>> graph, String from, String to) {
        Map<String, Set<String>> g = new TreeMap<>();
        graph.forEach((k, v) -> g.put(k, new TreeSet<>(v)));
        g.get(from).add(to);
        return DependencyGraph.findCycle(g).isPresent();
    }

    /**
     * Ready tasks (todo, unassigned, every dependency finished, no file locked by another session) go to
     * idle active sessions (no in-progress or review work), most urgent task first, least loaded
     * session first: one task per idle session.
     */
    private static void assignments(PlanSnapshot s, Map<String, TaskFact> tasks, Map<String, Integer> phaseOrder,
            Set<String> active, Set<String> beingUnassigned, List<Finding> findings) {
        Map<String, Integer> load = new TreeMap<>();
        active.forEach(session -> load.put(session, 0));
        Set<String> busy = new HashSet<>();
        for (TaskFact t : tasks.values()) {
            if (t.assignee() != null && !finished(t) && load.containsKey(t.assignee())) {
                load.merge(t.assignee(), 1, Integer::sum);
                if (IN_PROGRESS.equals(t.status()) || REVIEW.equals(t.status())) {
                    busy.add(t.assignee());
                }
            }
        }
        List<String> idle = load.keySet().stream().filter(x -> !busy.contains(x))
                .sorted(Comparator.comparing((String x) -> load.get(x)).thenComparing(x -> x)).toList();
        List<TaskFact> ready = tasks.values().stream()
                .filter(t -> TODO.equals(t.status()) && t.assignee() == null && !beingUnassigned.contains(t.id()))
                .filter(t -> knownDeps(t, tasks).stream().allMatch(d -> finished(tasks.get(d))))
                .sorted(Comparator.comparingInt(TaskFact::priority)
                        .thenComparingInt(t -> phaseOrder.getOrDefault(t.phaseId(), Integer.MAX_VALUE))
                        .thenComparingInt(TaskFact::position).thenComparing(TaskFact::id))
                .toList();
        Set<String> taken = new HashSet<>();
        for (String session : idle) {
            for (TaskFact t : ready) {
                if (taken.contains(t.id()) || lockedByOther(t, session, s.locks())) {
                    continue;
                }
                taken.add(t.id());
                findings.add(new Finding(Finding.ASSIGN,
                        session + " is active and idle; '" + t.title() + "' is ready (priority " + t.priority() + ")",
                        List.of(t.id()), List.of(session),
                        List.of(PlanOperation.UpdateTask.assign(t.id(), t.version(), session))));
                break;
            }
        }
    }

    private static boolean lockedByOther(TaskFact t, String session, List<LockFact> locks) {
        for (LockFact l : locks) {
            if (!l.holder().equals(session) && !overlapping(t.files(), List.of(l.path())).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static List<String> criticalPath(Map<String, TaskFact> tasks, Map<String, Set<String>> graph,
            List<Finding> findings) {
        Set<String> unfinished = new TreeSet<>();
        tasks.values().stream().filter(t -> !finished(t)).forEach(t -> unfinished.add(t.id()));
        List<String> chain = DependencyGraph.longestChain(graph, unfinished);
        if (chain.size() >= 2) {
            findings.add(new Finding(Finding.CRITICAL_PATH,
                    "the longest chain of unfinished work has " + chain.size() + " tasks, starting with '"
                            + tasks.get(chain.get(0)).title() + "'; delays there delay everything after it",
                    chain, List.of(), List.of()));
            return chain;
        }
        return List.of();
    }

    private static void phasesComplete(List<PhaseFact> phases, Map<String, TaskFact> tasks, List<Finding> findings) {
        Map<String, List<TaskFact>> byPhase = new LinkedHashMap<>();
        tasks.values().forEach(t -> byPhase.computeIfAbsent(t.phaseId(), k -> new ArrayList<>()).add(t));
        for (PhaseFact p : phases) {
            List<TaskFact> ts = byPhase.getOrDefault(p.id(), List.of());
            if (!ts.isEmpty() && ts.stream().allMatch(ReplanEngine::finished)) {
                findings.add(new Finding(Finding.PHASE_COMPLETE, "every task of phase '" + p.name() + "' is finished",
                        ts.stream().map(TaskFact::id).toList(), List.of(), List.of()));
            }
        }
    }

    /** The paths of {@code a} that overlap a path of {@code b}: the one overlap rule of the locks. */
    static List<String> overlapping(List<String> a, List<String> b) {
        return a.stream().filter(x -> b.stream().anyMatch(y -> PathPatterns.overlaps(x, y))).toList();
    }
}
