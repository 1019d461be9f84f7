package dev.peercode.gateway.rest;

import java.io.InputStream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import dev.peercode.api.planner.ProjectDtos.ProjectView;
import dev.peercode.gateway.client.PlannerTransfer;
import dev.peercode.gateway.service.ProjectGuard;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * History you can take away: a project's plan and whole delta log as JSON Lines (owners, as persons), and
 * the import of such a file into a new project on this server, whose owner is the caller. The format and
 * the id rules are in planner-service's README ("Export and import").
 */
@Path("/api/v1/projects")
@Tag(name = "Projects")
public class TransferResource {

    private final PlannerTransfer transfer;
    private final RestContext context;
    private final ProjectGuard guard;

    TransferResource(PlannerTransfer transfer, RestContext context, ProjectGuard guard) {
        this.transfer = transfer;
        this.context = context;
        this.guard = guard;
    }

    @GET
    @Path("/{projectId}/export")
    @Produces(PlannerTransfer.JSON_LINES)
    @Operation(summary = "Owners only: the plan and the whole delta log as JSON Lines (header, phases, tasks, debates,"
            + " revisions, then every delta by seq), streamed")
    @APIResponse(responseCode = "200", description = "The export, as a download")
    @APIResponse(responseCode = "403", description = "The caller is not an owner, or is an agent token")
    public Uni<Response> export(@RestPath String projectId) {
        return context.personOwner(projectId, "export the project")
                .emitOn(Infrastructure.getDefaultWorkerPool()) // the export streams through a blocking HTTP client
                .map(call -> transfer.download(projectId));
    }

    @POST
    @Path("/import")
    @Consumes({ PlannerTransfer.JSON_LINES, "application/jsonl" })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import an export into a new project; the caller becomes its owner. All or nothing: an invalid"
            + " line is answered 400 naming the line and the field")
    @APIResponse(responseCode = "201", description = "The new project; Location names it")
    public Response importProject(InputStream body) {
        ProjectView created = transfer.importProject(body, context.person("import projects").subject());
        guard.remember(created);
        return RestContext.created("/api/v1/projects/" + created.id(), created);
    }
}
