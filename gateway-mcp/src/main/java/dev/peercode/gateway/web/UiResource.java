package dev.peercode.gateway.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.peercode.api.lock.ForceReleaseRequest;
import dev.peercode.api.planner.ProjectDtos;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.Args.InvalidArgument;
import dev.peercode.gateway.call.EnteredFirst;
import dev.peercode.gateway.client.BackendUnavailable;
import dev.peercode.gateway.client.LockApi;
import dev.peercode.gateway.client.PlannerApi;
import dev.peercode.gateway.identity.AccessChanges;
import dev.peercode.gateway.identity.Caller;
import dev.peercode.gateway.live.LiveStreams;
import dev.peercode.gateway.live.ProjectWakeups;
import dev.peercode.gateway.service.ProjectGuard;
import dev.peercode.problem.ProblemException;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The web UI's projects, board, coordination panel, members and live updates. Pages are rendered on the
 * server; forms post back here (CSRF-checked) and redirect; htmx re-fetches the board and the panel when
 * the project's event stream says the delta log advanced.
 */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
public class UiResource {

    /** How often the event stream says "tick": presence changes without a delta, and proxies like traffic. */
    static final Duration TICK = Duration.ofSeconds(20);
    private static final List<String> ROLES = List.of("owner", "member");

    private final UiAccess access;
    private final ProjectViews views;
    private final PlannerApi planner;
    private final LockApi lock;
    private final ProjectGuard guard;
    private final ProjectWakeups wakeups;
    private final LiveStreams streams;
    private final AccessChanges changes;

    UiResource(UiAccess access, ProjectViews views, @RestClient PlannerApi planner, @RestClient LockApi lock,
            ProjectGuard guard, ProjectWakeups wakeups, LiveStreams streams, AccessChanges changes) {
        this.access = access;
        this.views = views;
        this.planner = planner;
        this.lock = lock;
        this.guard = guard;
        this.wakeups = wakeups;
        this.streams = streams;
        this.changes = changes;
    }

    @GET
    public Uni<TemplateInstance> projects() {
        Caller caller = access.person();
        return planner.projects(caller.subject()).map(projects -> Templates.projects(caller, projects));
    }

    @POST
    @Path("/projects")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> createProject(@RestForm String name, @RestForm String description,
            @RestForm String repositoryUrl, @RestForm String syncBranch) {
        Caller caller = access.person();
        Args.text("name", name, true, 100);
        return planner.createProject(new ProjectDtos.CreateProject(name.strip(), Args.stripped(description),
                Args.stripped(repositoryUrl), Args.stripped(syncBranch), caller.subject(), null)).invoke(guard::remember)
                .map(created -> seeOther("/ui/projects/" + created.id()));
    }

    @GET
    @Path("/projects/{projectId}")
    public Uni<TemplateInstance> board(@RestPath String projectId) {
        return access.member(projectId).chain(caller -> Uni.combine().all()
                .unis(views.detail(projectId), views.coordination(projectId))
                .with((detail, coordination) -> Templates.board(new Templates.Page(detail.project(), caller, "board"),
                        Board.of(detail.plan().phases()), coordination)));
    }

    @GET
    @Path("/projects/{projectId}/board")
    public Uni<TemplateInstance> boardCards(@RestPath String projectId) {
        return access.member(projectId).chain(caller -> views.detail(projectId).map(detail -> Templates
                .board$cards(new Templates.Page(detail.project(), caller, "board"), Board.of(detail.plan().phases()))));
    }

    @GET
    @Path("/projects/{projectId}/coordination")
    public Uni<TemplateInstance> coordination(@RestPath String projectId) {
        return access.member(projectId).chain(caller -> Uni.combine().all()
                .unis(views.page(projectId, caller, "board"), views.coordination(projectId))
                .with(Templates::board$coordination));
    }

    @POST
    @Path("/projects/{projectId}/locks/force-release")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> forceRelease(@RestPath String projectId, @RestForm String holder, @RestForm String path,
            @RestForm String reason) {
        return access.owner(projectId, "force-release locks").chain(caller -> {
            Args.required("holder", holder, Args.SESSION, "must be the session holding the lock");
            Args.text("reason", reason, true, 200);
            return lock.forceRelease(projectId, new ForceReleaseRequest(UiAccess.actorSession(caller),
                    reason.strip(), path == null || path.isBlank() ? null : List.of(path), holder));
        }).map(released -> seeOther("/ui/projects/" + projectId));
    }

    @GET
    @Path("/projects/{projectId}/members")
    public Uni<TemplateInstance> members(@RestPath String projectId) {
        return access.member(projectId).chain(caller -> Uni.combine().all()
                .unis(views.page(projectId, caller, "members"), planner.members(projectId)).with(Templates::members));
    }

    @POST
    @Path("/projects/{projectId}/members")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> addMember(@RestPath String projectId, @RestForm String subject, @RestForm String role,
            @RestForm String displayName) {
        return access.owner(projectId, "add members").chain(caller -> {
            String member = Args.subject("subject", subject);
            Args.oneOf("role", role, true, ROLES);
            Args.text("displayName", displayName, false, 200);
            return planner.addMember(projectId,
                    new ProjectDtos.AddMember(member, role, caller.subject(), Args.stripped(displayName)));
        }).map(added -> seeOther("/ui/projects/" + projectId + "/members"));
    }

    @POST
    @Path("/projects/{projectId}/members/role")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> changeRole(@RestPath String projectId, @RestForm String subject, @RestForm String role) {
        return access.owner(projectId, "change roles").chain(caller -> {
            Args.oneOf("role", role, true, ROLES);
            return changes.changeRole(projectId, Args.subject("subject", subject), role, caller.subject());
        }).map(changed -> seeOther("/ui/projects/" + projectId + "/members"));
    }

    @POST
    @Path("/projects/{projectId}/members/remove")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> removeMember(@RestPath String projectId, @RestForm String subject) {
        return access.owner(projectId, "remove members")
                .call(caller -> changes.removeMember(projectId, Args.subject("subject", subject), caller.subject()))
                // Removing yourself ends your access to the project: back to your projects.
                .map(caller -> seeOther(subject.equals(caller.subject()) ? "/ui" : "/ui/projects/" + projectId + "/members"));
    }

    /**
     * The page's live channel: {@code delta} when the project's log advanced (and once on connect, so a
     * change between rendering the page and connecting is not missed), {@code tick} every {@link #TICK}.
     * htmx re-fetches the affected fragments on each.
     */
    @GET
    @Path("/projects/{projectId}/events")
    @EnteredFirst(people = true)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> events(@RestPath String projectId, @Context Sse sse) {
        Caller caller = access.person();
        // Limited per caller, and ended once the caller loses access (LiveStreams).
        return streams.guarded(caller, projectId, Multi.createBy().merging().streams(
                wakeups.of(projectId).map(w -> event(sse, "delta", Long.toString(w.seq()))),
                Multi.createFrom().item(() -> event(sse, "delta", "connected")),
                Multi.createFrom().ticks().every(TICK).map(n -> event(sse, "tick", Long.toString(n)))));
    }

    private static OutboundSseEvent event(Sse sse, String name, String data) {
        return sse.newEventBuilder().name(name).data(data).build();
    }

    static Response seeOther(String path) {
        return Response.seeOther(URI.create(path)).build();
    }

    /** Failures as pages ({@link UiErrors}); declared here, so the REST API keeps its problem+json. */
    @ServerExceptionMapper({ ProblemException.class, BackendUnavailable.class, InvalidArgument.class })
    Response failed(RuntimeException e) {
        return UiErrors.page(e);
    }
}
