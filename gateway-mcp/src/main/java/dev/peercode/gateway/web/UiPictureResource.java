package dev.peercode.gateway.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.peercode.gateway.client.BackendProblem;
import dev.peercode.gateway.client.BackendUnavailable;
import dev.peercode.gateway.client.PlannerDtos.ProjectDetail;
import dev.peercode.gateway.client.PlannerTransfer;
import dev.peercode.gateway.identity.Caller;
import dev.peercode.gateway.rest.TransferResource;
import io.quarkus.qute.TemplateInstance;

/**
 * Pictures of the work, drawn on the server as SVG (no script, no Node build): the task dependency graph,
 * refreshed like the board when the project's event stream says the log advanced. And the history to take
 * away: the timeline's "Export" link (owners), the same JSON Lines as the REST route.
 */
@Path("/ui")
@Produces(MediaType.TEXT_HTML)
public class UiPictureResource {

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
    @Operation(hidden = true)
    public Response export(@PathParam("projectId") String projectId) {
        access.owner(projectId, "export the project");
        return TransferResource.download(transfer, projectId);
    }

    @GET
    @Path("/projects/{projectId}/graph")
    @Operation(hidden = true)
    public TemplateInstance graph(@PathParam("projectId") String projectId) {
        Caller caller = access.member(projectId);
        ProjectDetail detail = views.detail(projectId);
        return Templates.graph(new Templates.Page(detail.project(), caller, "graph"),
                DependencyPicture.of(detail.plan()));
    }

    @GET
    @Path("/projects/{projectId}/graph/picture")
    @Operation(hidden = true)
    public TemplateInstance graphPicture(@PathParam("projectId") String projectId) {
        Caller caller = access.member(projectId);
        ProjectDetail detail = views.detail(projectId);
        return Templates.graph$picture(new Templates.Page(detail.project(), caller, "graph"),
                DependencyPicture.of(detail.plan()));
    }

    @ServerExceptionMapper
    Response problem(BackendProblem p) {
        return UiErrors.problem(p);
    }

    @ServerExceptionMapper
    Response unavailable(BackendUnavailable u) {
        return UiErrors.unavailable(u);
    }
}
