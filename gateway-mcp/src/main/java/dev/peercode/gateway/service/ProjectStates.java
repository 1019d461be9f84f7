package dev.peercode.gateway.service;

import static dev.peercode.gateway.client.BackendProblem.orEmpty;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.peercode.api.lock.LockListResponse;
import dev.peercode.api.lock.PresenceListResponse;
import dev.peercode.api.lock.SyncStatusResponse;
import dev.peercode.api.planner.DebateDtos.DebateView;
import dev.peercode.api.planner.PlanView.PhaseView;
import dev.peercode.api.planner.PlanView.TaskView;
import dev.peercode.api.planner.ProjectDtos.ProjectDetail;
import dev.peercode.gateway.client.BackendProblem;
import dev.peercode.gateway.client.BackendUnavailable;
import dev.peercode.gateway.client.LockApi;
import dev.peercode.gateway.client.PlannerApi;
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
import dev.peercode.rules.tasks.TaskStatus;
import io.smallrye.mutiny.Uni;

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
    /** The order of a phase's counts: work under way first. */
    private static final List<String> STATUS_ORDER = List.of(TaskStatus.IN_PROGRESS, TaskStatus.REVIEW,
            TaskStatus.BLOCKED, TaskStatus.TODO, TaskStatus.DONE, TaskStatus.CANCELLED);

    private final PlannerApi planner;
    private final LockApi lock;
    private final ProjectGuard guard;

    ProjectStates(@RestClient PlannerApi planner, @RestClient LockApi lock, ProjectGuard guard) {
        this.planner = planner;
        this.lock = lock;
        this.guard = guard;
    }

    /** What to include: a task filter ("open", "all", or a status), paging, and tasks to show in full. */
    public record Query(String session, String taskFilter, int offset, int limit, Collection<String> detailTaskIds) {
    }

    /**
     * The project's state, or empty when it does not exist. All reads run in parallel, the task details once the
     * plan is known.
     */
    public Uni<Optional<ProjectState>> load(String projectId, Query query) {
        Uni<Optional<ProjectDetail>> plan = orEmpty(planner.project(projectId));
        Uni<PresenceListResponse> presence = part(lock.presence(projectId));
        Uni<LockListResponse> locks = part(lock.locks(projectId, null));
        Uni<SyncStatusResponse> sync = part(lock.syncStatus(projectId, query.session()));
        Uni<List<DebateView>> debates = part(planner.debates(projectId, "open"));
        return Uni.combine().all().unis(plan, presence, locks, sync, debates).asTuple().chain(parts -> {
            if (parts.getItem1().isEmpty()) {
                return Uni.createFrom().item(Optional.<ProjectState> empty());
            }
            ProjectDetail d = parts.getItem1().get();
            guard.remember(d.project());
            return details(projectId, query.detailTaskIds()).map(details -> Optional.of(state(d, query, details,
                    parts.getItem2(), parts.getItem3(), parts.getItem4(), parts.getItem5())));
        });
    }

    /** Details on request only: each is one more (parallel) read of the planner, at most MAX_DETAILS. */
    private Uni<List<TaskDetail>> details(String projectId, Collection<String> taskIds) {
        if (taskIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(taskIds.stream().map(id -> orEmpty(planner.task(projectId, id))).toList()).andFailFast()
                .map(found -> found.stream().flatMap(Optional::stream).map(ProjectStates::detail).toList());
    }

    private static ProjectState state(ProjectDetail d, Query query, List<TaskDetail> details, PresenceListResponse sessions,
            LockListResponse live, SyncStatusResponse token, List<DebateView> open) {
        // A part the lock service (or the planner's debates) could not give is named, in this order.
        List<String> unavailable = new ArrayList<>();
        missing(unavailable, "activeSessions", sessions);
        missing(unavailable, "locks", live);
        missing(unavailable, "sync", token);
        missing(unavailable, "openDebates", open);
        List<TaskBrief> all = d.plan().phases().stream()
                .flatMap(p -> p.tasks().stream().map(t -> new TaskBrief(t.id(), p.id(), t.title(), t.status(),
                        t.assignee(), t.priority(), t.version(), t.dependsOn())))
                .toList();
        return new ProjectState(
                new Project(d.project().id(), d.project().name(), d.project().description(),
                        d.project().repositoryUrl(), d.project().syncBranch()),
                d.plan().phases().stream().map(ProjectStates::phase).toList(),
                page(all, query),
                details,
                sessions == null ? List.of()
                        : sessions.sessions().stream().map(s -> new Session(s.session(), s.lastSeen())).toList(),
                live == null ? List.of()
                        : live.locks().stream().map(l -> new Lock(l.path(), l.holder(), l.reason(), l.taskId(), l.expiresAt()))
                                .toList(),
                open == null ? List.of()
                        : open.stream().map(o -> new Debate(o.id(), o.topic(), o.status(), o.options(), o.waitingFor(),
                                o.deadline())).toList(),
                token == null ? null
                        : new Sync(token.state(), token.holder(), token.expiresAt(), token.queue(), token.position(),
                                query.session() != null && query.session().equals(token.holder())
                                        && "held".equals(token.state()),
                                LastPush.of(token.lastPush())),
                d.project().lastSeq(),
                unavailable);
    }

    private static void missing(List<String> unavailable, String part, Object answer) {
        if (answer == null) {
            unavailable.add(part);
        }
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

    static TaskPage page(List<TaskBrief> all, Query query) {
        String filter = query.taskFilter() == null ? "open" : query.taskFilter();
        List<TaskBrief> matching = all.stream().filter(t -> switch (filter) {
            case "all" -> true;
            case "open" -> !TaskStatus.isFinished(t.status());
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

    /** A best-effort part: null when its backend cannot give it now. */
    private static <T> Uni<T> part(Uni<T> read) {
        return read.onFailure(e -> e instanceof BackendUnavailable || e instanceof BackendProblem).recoverWithNull();
    }
}
