package dev.peercode.gateway.web;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.peercode.api.planner.ProjectDtos.ProjectDetail;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.Args.InvalidArgument;
import dev.peercode.gateway.client.BackendUnavailable;
import dev.peercode.gateway.client.PlannerTransfer;
import dev.peercode.problem.ProblemException;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Pictures of the work, drawn on the server as SVG (no script, no Node build): the task dependency graph, the
 * per-session swimlane of the last hours and the burn-up of tasks done per phase, each refreshed like the board
 * when the project's event stream says the log advanced. And the history to take
 * away: the timeline's "Export" link (owners), the same JSON Lines as the REST route.
 */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
public class UiPictureResource {

    /** The swimlane's window unless the page asks for another ({@code ?hours=}, 1 to {@value #MAX_HOURS}). */
    static final int DEFAULT_HOURS = 6;
    static final int MAX_HOURS = 24;

    private final UiAccess access;
    private final ProjectViews views;
    private final PlannerTransfer transfer;

    UiPictureResource(UiAccess access, ProjectViews views, PlannerTransfer transfer) {
        this.access = access;
        this.views = views;
        this.transfer = transfer;
    }

    @GET
    @Path("/projects/{projectId}/export")
    @Produces(PlannerTransfer.JSON_LINES)
    public Uni<Response> export(@PathParam("projectId") String projectId) {
        return access.owner(projectId, "export the project")
                .emitOn(Infrastructure.getDefaultWorkerPool()) // the export streams through a blocking HTTP client
                .map(caller -> transfer.download(projectId));
    }

    @GET
    @Path("/projects/{projectId}/graph")
    public Uni<TemplateInstance> graph(@PathParam("projectId") String projectId) {
        return picture(projectId, "graph", detail -> Uni.createFrom().item(DependencyPicture.of(detail.plan())),
                Templates::graph);
    }

    @GET
    @Path("/projects/{projectId}/graph/picture")
    public Uni<TemplateInstance> graphPicture(@PathParam("projectId") String projectId) {
        return picture(projectId, "graph", detail -> Uni.createFrom().item(DependencyPicture.of(detail.plan())),
                Templates::graph$picture);
    }

    @GET
    @Path("/projects/{projectId}/swimlane")
    public Uni<TemplateInstance> swimlane(@PathParam("projectId") String projectId, @QueryParam("hours") Integer hours) {
        return picture(projectId, "swimlane", detail -> swimlanePicture(detail, hours), Templates::swimlane);
    }

    @GET
    @Path("/projects/{projectId}/swimlane/picture")
    public Uni<TemplateInstance> swimlaneFragment(@PathParam("projectId") String projectId,
            @QueryParam("hours") Integer hours) {
        return picture(projectId, "swimlane", detail -> swimlanePicture(detail, hours), Templates::swimlane$picture);
    }

    @GET
    @Path("/projects/{projectId}/burnup")
    public Uni<TemplateInstance> burnUp(@PathParam("projectId") String projectId) {
        return picture(projectId, "burnup", this::burnUpPicture, Templates::burnup);
    }

    @GET
    @Path("/projects/{projectId}/burnup/picture")
    public Uni<TemplateInstance> burnUpFragment(@PathParam("projectId") String projectId) {
        return picture(projectId, "burnup", this::burnUpPicture, Templates::burnup$picture);
    }

    /**
     * A picture as its page, or as the fragment the page's live refresh swaps in ({@code template} says which):
     * members only, drawn from the plan (and the log) as read now.
     */
    private <P> Uni<TemplateInstance> picture(String projectId, String tab, Function<ProjectDetail, Uni<P>> draw,
            BiFunction<Templates.Page, P, TemplateInstance> template) {
        return access.member(projectId).chain(caller -> views.detail(projectId).chain(detail -> draw.apply(detail)
                .map(picture -> template.apply(new Templates.Page(detail.project(), caller, tab), picture))));
    }

    private Uni<SwimlanePicture> swimlanePicture(ProjectDetail detail, Integer hours) {
        int window = Args.range("hours", hours == null ? DEFAULT_HOURS : hours, 1, MAX_HOURS);
        String id = detail.project().id();
        // The planner reads back far enough itself to see what was already held when the window opens.
        Instant now = Instant.now();
        return views.sessionHistory(id, now.minus(Duration.ofHours(window)), now)
                .map(history -> SwimlanePicture.of(id, window, history));
    }

    private Uni<BurnUpPicture> burnUpPicture(ProjectDetail detail) {
        return views.taskHistory(detail.project().id()).map(history -> BurnUpPicture.of(detail.project().id(),
                detail.project().createdAt(), detail.plan(), history, Instant.now()));
    }

    /** Failures as pages ({@link UiErrors}); declared here, so the REST API keeps its problem+json. */
    @ServerExceptionMapper({ ProblemException.class, BackendUnavailable.class, InvalidArgument.class })
    Response failed(RuntimeException e) {
        return UiErrors.page(e);
    }
}
