package dev.peercode.planner.replan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.peercode.planner.replan.PlanSnapshot.LockFact;
import dev.peercode.planner.replan.PlanSnapshot.PhaseFact;
import dev.peercode.planner.replan.PlanSnapshot.SessionFact;
import dev.peercode.planner.replan.PlanSnapshot.TaskFact;
import dev.peercode.rules.tasks.DependencyGraph;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ReplanEngineTest {

    static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    static final Duration WINDOW = Duration.ofMinutes(2);
    static final List<String> STATUSES = List.of("todo", "in_progress", "blocked", "review", "done", "cancelled");
    static final List<String> FILES = List.of("src/a.ts", "src/b.ts", "src/**", "docs/*.md", "docs/x.md", "c.ts");

    @Provide
    Arbitrary<PlanSnapshot> snapshots() {
        return Arbitraries.randoms().map(ReplanEngineTest::randomSnapshot);
    }

    static PlanSnapshot randomSnapshot(Random r) {
        int phaseCount = 1 + r.nextInt(4);
        List<PhaseFact> phases = new ArrayList<>();
        for (int i = 0; i < phaseCount; i++) {
            phases.add(new PhaseFact(String.format("phase_%012d", i), "P" + i, i));
        }
        int taskCount = r.nextInt(16);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < taskCount; i++) {
            ids.add(String.format("task_%012d", i));
        }
        List<TaskFact> tasks = new ArrayList<>();
        for (String id : ids) {
            String status = STATUSES.get(r.nextInt(STATUSES.size()));
            boolean assigned = status.equals("in_progress") || status.equals("review") || r.nextInt(4) == 0;
            Set<String> deps = new TreeSet<>();
            for (String other : ids) {
                if (!other.equals(id) && r.nextInt(taskCount + 2) == 0) {
                    deps.add(other);
                }
            }
            List<String> files = new ArrayList<>();
            for (String f : FILES) {
                if (r.nextInt(4) == 0) {
                    files.add(f);
                }
            }
            tasks.add(new TaskFact(id, phases.get(r.nextInt(phaseCount)).id(), r.nextInt(5), "t" + id, status,
                    assigned ? "s" + r.nextInt(5) : null, r.nextInt(5), files, deps, r.nextInt(6)));
        }
        List<SessionFact> sessions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int kind = r.nextInt(3);
            if (kind > 0) {
                sessions.add(new SessionFact("s" + i, kind == 1 ? NOW.minusSeconds(30) : NOW.minusSeconds(600)));
            }
        }
        List<LockFact> locks = new ArrayList<>();
        for (int i = r.nextInt(3); i > 0; i--) {
            locks.add(new LockFact(FILES.get(r.nextInt(FILES.size())), "s" + r.nextInt(5)));
        }
        return new PlanSnapshot(phases, tasks, sessions, locks, NOW, WINDOW);
    }

    static Map<String, TaskFact> byId(PlanSnapshot s) {
        Map<String, TaskFact> m = new TreeMap<>();
        s.tasks().forEach(t -> m.put(t.id(), t));
        return m;
    }

    static boolean finished(TaskFact t) {
        return t.status().equals("done") || t.status().equals("cancelled");
    }

    static Set<String> active(PlanSnapshot s) {
        return ReplanEngine.activeSessions(s);
    }

    @Property
    void theAnalysisIsDeterministicAndIgnoresInputOrder(@ForAll("snapshots") PlanSnapshot s) {
        List<TaskFact> tasks = new ArrayList<>(s.tasks());
        List<PhaseFact> phases = new ArrayList<>(s.phases());
        List<SessionFact> sessions = new ArrayList<>(s.sessions());
        Collections.reverse(tasks);
        Collections.reverse(phases);
        Collections.reverse(sessions);
        PlanSnapshot shuffled = new PlanSnapshot(phases, tasks, sessions, s.locks(), s.now(), s.activeWindow());
        assertThat(ReplanEngine.analyse(shuffled)).isEqualTo(ReplanEngine.analyse(s));
    }

    @Property
    void everyOperationNamesExistingEntitiesAtTheirCurrentVersion(@ForAll("snapshots") PlanSnapshot s) {
        Map<String, TaskFact> tasks = byId(s);
        Set<String> phaseIds = new HashSet<>();
        s.phases().forEach(p -> phaseIds.add(p.id()));
        for (PlanOperation proposed : ReplanEngine.analyse(s).operations()) {
            // The analysis proposes changes of existing tasks only.
            assertThat(proposed).isInstanceOf(PlanOperation.OnTask.class);
            PlanOperation.OnTask op = (PlanOperation.OnTask) proposed;
            assertThat(tasks).containsKey(op.taskId());
            if (op.expectedVersion() != null) {
                assertThat(op.expectedVersion()).isEqualTo(tasks.get(op.taskId()).version());
            }
            if (op instanceof PlanOperation.AddDependency add) {
                assertThat(tasks).containsKey(add.dependsOn());
            }
            if (op instanceof PlanOperation.RemoveDependency remove) {
                assertThat(tasks).containsKey(remove.dependsOn());
            }
            if (op instanceof PlanOperation.MoveTask move) {
                assertThat(phaseIds).contains(move.phaseId());
            }
        }
        for (Finding f : ReplanEngine.analyse(s).findings()) {
            assertThat(tasks.keySet()).containsAll(f.taskIds());
            assertThat(f.reason()).isNotBlank();
        }
    }

    @Property
    void exactlyTheInProgressTasksOfQuietSessionsAreUnassigned(@ForAll("snapshots") PlanSnapshot s) {
        Set<String> active = active(s);
        Set<String> expected = new TreeSet<>();
        s.tasks().stream().filter(t -> t.status().equals("in_progress") && !active.contains(t.assignee()))
                .forEach(t -> expected.add(t.id()));
        Set<String> proposed = new TreeSet<>();
        ReplanEngine.analyse(s).operations().stream().filter(PlanOperation.Unassign.class::isInstance)
                .forEach(op -> proposed.add(((PlanOperation.Unassign) op).taskId()));
        assertThat(proposed).isEqualTo(expected);
    }

    @Property
    void assignmentsGiveReadyTasksToIdleActiveSessionsOneEach(@ForAll("snapshots") PlanSnapshot s) {
        Map<String, TaskFact> tasks = byId(s);
        Set<String> active = active(s);
        Set<String> busy = new HashSet<>();
        s.tasks().stream().filter(t -> t.assignee() != null
                && (t.status().equals("in_progress") || t.status().equals("review"))).forEach(t -> busy.add(t.assignee()));
        List<PlanOperation.UpdateTask> assigns = ReplanEngine.analyse(s).operations().stream()
                .filter(PlanOperation.UpdateTask.class::isInstance).map(PlanOperation.UpdateTask.class::cast)
                .filter(op -> op.assignee() != null).toList();
        Set<String> sessions = new HashSet<>();
        Set<String> assigned = new HashSet<>();
        for (PlanOperation.UpdateTask op : assigns) {
            TaskFact t = tasks.get(op.taskId());
            assertThat(t.status()).isEqualTo("todo");
            assertThat(t.assignee()).isNull();
            assertThat(t.dependsOn()).allMatch(d -> finished(tasks.get(d)));
            assertThat(active).contains(op.assignee());
            assertThat(busy).doesNotContain(op.assignee());
            assertThat(sessions.add(op.assignee())).isTrue();
            assertThat(assigned.add(op.taskId())).isTrue();
            assertThat(s.locks()).noneMatch(l -> !l.holder().equals(op.assignee())
                    && !ReplanEngine.overlapping(t.files(), List.of(l.path())).isEmpty());
        }
        // Maximal: an idle session left without work means no ready task was free for it.
        for (String session : active) {
            if (busy.contains(session) || sessions.contains(session)) {
                continue;
            }
            for (TaskFact t : s.tasks()) {
                boolean ready = t.status().equals("todo") && t.assignee() == null
                        && t.dependsOn().stream().allMatch(d -> finished(tasks.get(d)));
                boolean lockedByOther = s.locks().stream().anyMatch(l -> !l.holder().equals(session)
                        && !ReplanEngine.overlapping(t.files(), List.of(l.path())).isEmpty());
                assertThat(!ready || lockedByOther || assigned.contains(t.id())).isTrue();
            }
        }
    }

    @Property
    void applyingTheCycleFindingsLeavesNoCycle(@ForAll("snapshots") PlanSnapshot s) {
        Map<String, Set<String>> graph = graph(s);
        for (PlanOperation op : ReplanEngine.analyse(s).operations()) {
            if (op instanceof PlanOperation.RemoveDependency remove) {
                graph.get(remove.taskId()).remove(remove.dependsOn());
            }
        }
        assertThat(DependencyGraph.findCycle(graph)).isEmpty();
    }

    @Property
    void proposedDependenciesNeverCloseACycle(@ForAll("snapshots") PlanSnapshot s) {
        Map<String, Set<String>> graph = graph(s);
        if (DependencyGraph.findCycle(graph).isPresent()) {
            return;
        }
        for (PlanOperation op : ReplanEngine.analyse(s).operations()) {
            if (op instanceof PlanOperation.AddDependency add) {
                Map<String, Set<String>> g = graph(s);
                g.get(add.taskId()).add(add.dependsOn());
                assertThat(DependencyGraph.findCycle(g)).isEmpty();
            }
        }
    }

    @Property
    void theCriticalPathIsAChainOfUnfinishedDependencies(@ForAll("snapshots") PlanSnapshot s) {
        Map<String, TaskFact> tasks = byId(s);
        List<String> path = ReplanEngine.analyse(s).criticalPath();
        assertThat(new HashSet<>(path)).hasSameSizeAs(path);
        for (int i = 0; i < path.size(); i++) {
            assertThat(finished(tasks.get(path.get(i)))).isFalse();
            if (i > 0) {
                assertThat(tasks.get(path.get(i)).dependsOn()).contains(path.get(i - 1));
            }
        }
    }

    /**
     * Files overlap by the locks' own rule (shared-rules' PathPatterns, the Lua script's oracle), not
     * by a cruder prefix check: a task on {@code src/*.ts} and one on {@code src/lib/x.ts} do not collide.
     */
    @Example
    void filesOverlapByTheLockRule() {
        assertThat(ReplanEngine.overlapping(List.of("src/*.ts", "docs/*.md", "c?.ts"),
                List.of("src/lib/x.ts", "docs/x.md", "ca.ts"))).containsExactly("docs/*.md", "c?.ts");
        assertThat(ReplanEngine.overlapping(List.of("src/**"), List.of("src"))).containsExactly("src/**");
        assertThat(ReplanEngine.overlapping(List.of("src/a.ts", "**"), List.of("src/b.ts")))
                .containsExactly("**");
    }

    @Example
    void aQuietAssigneesTaskIsUnassignedAndAnIdleSessionGetsTheReadyOne() {
        PhaseFact p = new PhaseFact("phase_000000000000", "P", 0);
        TaskFact stale = new TaskFact("task_000000000001", p.id(), 0, "stale", "in_progress", "gone", 2, List.of(),
                Set.of(), 3);
        TaskFact done = new TaskFact("task_000000000002", p.id(), 1, "base", "done", "bob", 2, List.of(), Set.of(), 1);
        TaskFact ready = new TaskFact("task_000000000003", p.id(), 2, "next", "todo", null, 1, List.of(),
                Set.of(done.id()), 0);
        PlanSnapshot s = new PlanSnapshot(List.of(p), List.of(stale, done, ready),
                List.of(new SessionFact("bob", NOW.minusSeconds(10)), new SessionFact("gone", NOW.minusSeconds(900))),
                List.of(), NOW, WINDOW);
        Analysis a = ReplanEngine.analyse(s);
        assertThat(a.operations()).contains(new PlanOperation.Unassign(stale.id(), 3L),
                PlanOperation.UpdateTask.assign(ready.id(), 0, "bob"));
        assertThat(a.findings()).extracting(Finding::kind).contains(Finding.STALE_ASSIGNEE, Finding.ASSIGN);
    }

    static Map<String, Set<String>> graph(PlanSnapshot s) {
        Map<String, Set<String>> g = new HashMap<>();
        s.tasks().forEach(t -> g.put(t.id(), new TreeSet<>(t.dependsOn())));
        return g;
    }
}
