package dev.peercode.gateway.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import dev.peercode.gateway.client.BackendProblem;
import dev.peercode.gateway.client.BackendUnavailable;
import dev.peercode.gateway.client.LockClient;
import dev.peercode.gateway.client.LockDtos.LockList;
import dev.peercode.gateway.client.LockDtos.PresenceList;
import dev.peercode.gateway.client.LockDtos.SyncStatus;
import dev.peercode.gateway.client.PlannerClient;
import dev.peercode.gateway.client.PlannerDtos.DebateView;
import dev.peercode.gateway.client.PlannerDtos.PhaseView;
import dev.peercode.gateway.client.PlannerDtos.ProjectDetail;
import dev.peercode.gateway.client.PlannerDtos.TaskView;
import dev.peercode.gateway.service.ProjectState.Debate;
import dev.peercode.gateway.service.ProjectState.LastPush;
import dev.peercode.gateway.service.ProjectState.Lock;
import dev.peercode.gateway.service.ProjectState.Phase;
import dev.peercode.gateway.service.ProjectState.Project;
import dev.peercode.gateway.service.ProjectState.Session;
import dev.peercode.gateway.service.ProjectState.Sync;
import dev.peercode.gateway.service.ProjectState.TaskBrief;
import dev.peercode.gateway.service.ProjectState.TaskDetail;
import dev.peercode.gateway.service.ProjectState.TaskPage;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Aggregates {@link ProjectState} from both backends, in parallel. The plan is required (no plan, no
 * state); locks, presence, the push token and debates are best effort: when the lock service is down
 * the state still comes back, with {@code unavailable} naming what is missing.
 */
@ApplicationScoped
public class ProjectStates {

    /** Default page of tasks: enough to pick work from, small enough for a model's context. */
    public static final int DEFAULT_TASK_LIMIT = 40;
    public static final int MAX_TASK_LIMIT = 200;
    /** Most tasks shown in full per call. */
    public static final int MAX_DETAILS = 20;
    private static final Set<String> CLOSED = Set.of("done", "cancelled");
    private static final List<String> STATUS_ORDER = List.of("in_progress", "review", "blocked", "todo", "done",
            "cancelled");

    private final PlannerClient planner;
    private final LockClient lock;
    private final ProjectGuard guard;

    ProjectStates(PlannerClient planner, LockClient lock, ProjectGuard guard) {
        this.planner = planner;
        this.lock = lock;
        this.guard = guard;
    }

    /** What to include: a task filter ("open", "all", or a status), paging, and tasks to show in full. */
    public record Query(String session, String taskFilter, int offset, int limit, Collection<String> detailTaskIds) {
    }

    /** The project's state, or empty when it does not exist. */
    public Optional<ProjectState> load(String projectId, Query query) {
        CompletableFuture<Optional<ProjectDetail>> plan = async(() -> planner.project(projectId));
        CompletableFuture<PresenceList> presence = async(() -> lock.presence(projectId));
        CompletableFuture<LockList> locks = async(() -> lock.locks(projectId, null));
        CompletableFuture<SyncStatus> sync = async(() -> lock.syncStatus(projectId, query.session()));
        CompletableFuture<List<DebateView>> debates = async(() -> planner.debates(projectId, "open"));

        Optional<ProjectDetail> detail = join(plan);
        if (detail.isEmpty()) {
            return Optional.empty();
        }
        List<String> unavailable = new ArrayList<>();
        PresenceList sessions = optional(presence, "activeSessions", unavailable);
        LockList live = optional(locks, "locks", unavailable);
        SyncStatus token = optional(sync, "sync", unavailable);
        List<DebateView> open = optional(debates, "openDebates", unavailable);

        ProjectDetail d = detail.get();
        guard.remember(d.project());
        // Details on request only: each is one more (parallel) read of the planner, at most MAX_DETAILS.
        List<CompletableFuture<Optional<TaskView>>> details = query.detailTaskIds().stream()
                .map(id -> async(() -> planner.task(projectId, id))).toList();
        List<TaskBrief> all = d.plan().phases().stream()
                .flatMap(p -> p.tasks().stream().map(t -> new TaskBrief(t.id(), p.id(), t.title(), t.status(),
                        t.assignee(), t.priority(), t.version(), t.dependsOn())))
                .toList();
        return Optional.of(new ProjectState(
                new Project(d.project().id(), d.project().name(), d.project().description(),
                        d.project().repositoryUrl(), d.project().syncBranch()),
                d.plan().phases().stream().map(ProjectStates::phase).toList(),
                page(all, query),
                details.stream().map(ProjectStates::join).flatMap(Optional::stream).map(ProjectStates::detail).toList(),
                sessions == null ? List.of()
                        : sessions.sessions().stream().map(s -> new Session(s.session(), s.lastSeen())).toList(),
                live == null ? List.of()
                        : live.locks().stream()
                                .map(l -> new Lock(l.path(), l.holder(), l.reason(), l.taskId(), l.expiresAt()))
                                .toList(),
                debates(open),
                token == null ? null
                        : new Sync(token.state(), token.holder(), token.expiresAt(), token.queue(), token.position(),
                                query.session() != null && query.session().equals(token.holder())
                                        && "held".equals(token.state()),
                                LastPush.of(token.lastPush())),
                d.project().lastSeq(),
                unavailable));
    }

    private static Phase phase(PhaseView p) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String status : STATUS_ORDER) {
            int n = (int) p.tasks().stream().filter(t -> status.equals(t.status())).count();
            if (n > 0) {
                counts.put(status, n);
            }
        }
        return new Phase(p.id(), p.name(), p.status(), counts);
    }

    private static TaskPage page(List<TaskBrief> all, Query query) {
        String filter = query.taskFilter() == null ? "open" : query.taskFilter();
        List<TaskBrief> matching = all.stream().filter(t -> switch (filter) {
            case "all" -> true;
            case "open" -> !CLOSED.contains(t.status());
            default -> filter.equals(t.status());
        }).toList();
        int from = Math.min(query.offset(), matching.size());
        int to = Math.min(from + query.limit(), matching.size());
        return new TaskPage(filter, matching.size(), from, List.copyOf(matching.subList(from, to)),
                to < matching.size() ? to : null);
    }

    private static TaskDetail detail(TaskView t) {
        return new TaskDetail(t.id(), t.phaseId(), t.position(), t.title(), t.description(), t.status(), t.assignee(),
                t.priority(), t.expectedFiles(), t.dependsOn(), t.version(), t.updatedAt());
    }

    private static List<Debate> debates(List<DebateView> open) {
        return open == null ? List.of()
                : open.stream().map(d -> new Debate(d.id(), d.topic(), d.status(), d.options(), d.waitingFor(),
                        d.deadline())).toList();
    }

    private static <T> CompletableFuture<T> async(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, Infrastructure.getDefaultWorkerPool());
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static <T> T optional(CompletableFuture<T> future, String part, List<String> unavailable) {
        try {
            return join(future);
        } catch (BackendUnavailable | BackendProblem e) {
            unavailable.add(part);
            return null;
        }
    }
}
