package dev.peercode.gateway.web;

import static dev.peercode.gateway.client.BackendProblem.orEmpty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.peercode.api.IdFormats;
import dev.peercode.api.lock.LockListResponse;
import dev.peercode.api.lock.LockView;
import dev.peercode.api.lock.PresenceListResponse;
import dev.peercode.api.lock.SyncStatusResponse;
import dev.peercode.api.planner.HistoryDtos.SessionHistory;
import dev.peercode.api.planner.HistoryDtos.TaskHistory;
import dev.peercode.api.planner.ProjectDtos.ProjectDetail;
import dev.peercode.api.planner.ProjectDtos.ProjectView;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.client.BackendUnavailable;
import dev.peercode.gateway.client.LockApi;
import dev.peercode.gateway.client.PlannerApi;
import dev.peercode.gateway.identity.Caller;
import dev.peercode.gateway.identity.CallerResolver;
import dev.peercode.gateway.service.ProjectGuard;
import io.smallrye.mutiny.Uni;

/**
 * Reads what the pages show from the planner and the lock service, through the gateway's clients.
 * Callers have authorised the person on the project first ({@link UiAccess}).
 */
@ApplicationScoped
class ProjectViews {

    /** How many seqs one timeline page spans (the planner's largest page). */
    static final int TIMELINE_PAGE = 200;
    private static final Pattern DELTA_TYPE = Pattern.compile("[a-z_.]{1,40}");

    private final PlannerApi planner;
    private final LockApi lock;
    private final ProjectGuard guard;

    ProjectViews(@RestClient PlannerApi planner, @RestClient LockApi lock, ProjectGuard guard) {
        this.planner = planner;
        this.lock = lock;
        this.guard = guard;
    }

    Uni<ProjectDetail> detail(String projectId) {
        return orEmpty(planner.project(projectId)).map(found -> found.orElseThrow(() -> CallerResolver.notFound(projectId)));
    }

    /** The header of a project page: the project, who is signed in, which tab is open. */
    Uni<Templates.Page> page(String projectId, Caller caller, String tab) {
        return detail(projectId).map(detail -> new Templates.Page(detail.project(), caller, tab));
    }

    /**
     * Presence, locks and the push token, read at once; a part the lock service cannot give now is named, not
     * fatal.
     */
    Uni<Coordination> coordination(String projectId) {
        return Uni.combine().all().unis(part(lock.presence(projectId)), part(lock.locks(projectId, null)),
                part(lock.syncStatus(projectId, null)), guard.syncBranch(projectId)).asTuple().map(parts -> {
                    PresenceListResponse presence = parts.getItem1().orElse(null);
                    List<LockView> live = parts.getItem2().map(LockListResponse::locks).orElse(List.of());
                    SyncStatusResponse sync = parts.getItem3().orElse(null);
                    List<String> unavailable = new ArrayList<>();
                    if (presence == null) {
                        unavailable.add("active sessions");
                    }
                    if (parts.getItem2().isEmpty()) {
                        unavailable.add("locks");
                    }
                    if (sync == null) {
                        unavailable.add("push token");
                    }
                    return new Coordination(presence == null ? List.of() : presence.sessions(),
                            presence == null ? 0 : presence.windowSeconds(), live, sync, parts.getItem4(),
                            live.stream().map(LockView::holder).distinct().sorted().toList(), unavailable);
                });
    }

    /**
     * One page of the log, newest first: the {@value #TIMELINE_PAGE} seqs before {@code before} (default:
     * the newest), of one type if asked, of one acting session if asked. The session filter is applied here
     * because the planner filters by type only; it is a view, not a rule.
     */
    Uni<Timeline> timeline(ProjectView project, String type, String session, Long before) {
        Args.optional("type", type, DELTA_TYPE, "must be a delta type such as discovery or task.created");
        Args.optional("session", session, Args.SESSION, IdFormats.SESSION_MESSAGE);
        Args.atLeastZero("before", before);
        long end = before == null ? project.lastSeq() + 1 : Math.min(before, project.lastSeq() + 1);
        long after = Math.max(0, end - 1 - TIMELINE_PAGE);
        return planner.deltas(project.id(), after, type, null, TIMELINE_PAGE, null).map(page -> {
            List<Timeline.Entry> entries = new ArrayList<>(page.deltas().stream()
                    .filter(d -> d.seq() < end)
                    .filter(d -> session == null || session.equals(d.actor()))
                    .map(Timeline::entry).toList());
            Collections.reverse(entries);
            return new Timeline(entries, type, session, after > 0 ? after + 1 : null, end > project.lastSeq());
        });
    }

    /** When each task of the plan was created and done: the planner derives it from its log (the burn-up). */
    Uni<TaskHistory> taskHistory(String projectId) {
        return planner.taskHistory(projectId);
    }

    /**
     * What each session held and did from {@code since} to {@code until}: the planner derives it from its log (the swimlane).
     */
    Uni<SessionHistory> sessionHistory(String projectId, Instant since, Instant until) {
        return planner.sessionHistory(projectId, since.toString(), until.toString());
    }

    Uni<Debates> debates(String projectId) {
        return Uni.combine().all().unis(planner.debates(projectId, null), people(projectId)).with(Debates::of);
    }

    /** The names of the project's members, for pages that show people by subject. */
    Uni<People> people(String projectId) {
        return planner.members(projectId).map(People::of);
    }

    /** A part of a page the lock service may not give now: empty then. */
    private static <T> Uni<Optional<T>> part(Uni<T> read) {
        return read.map(Optional::of).onFailure(BackendUnavailable.class).recoverWithItem(Optional.empty());
    }
}
