package dev.peercode.planner.transfer;

import java.io.InputStream;
import java.net.URI;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.peercode.api.planner.ProjectDtos.ProjectView;
import dev.peercode.planner.common.Ids;

/** Export of a project's plan and delta log as JSON Lines, and import of one into a new project ({@link ExportFormat}). */
@Path("/v1/projects")
@Tag(name = "projects")
public class TransferResource {

    /** JSON Lines; {@code application/jsonl} is accepted on import too. */
    public static final String JSON_LINES = "application/x-ndjson";

    private final ProjectExporter exporter;
    private final ProjectImporter importer;

    public TransferResource(ProjectExporter exporter, ProjectImporter importer) {
        this.exporter = exporter;
        this.importer = importer;
    }

    @GET
    @Path("/{projectId}/export")
    @Produces(JSON_LINES)
    @Operation(summary = "The project's plan and whole delta log as JSON Lines, streamed from one snapshot")
    public Response export(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId) {
        exporter.requireProject(projectId);
        StreamingOutput body = out -> exporter.write(projectId, out);
        return Response.ok(body, JSON_LINES).build();
    }

    @POST
    @Path("/import")
    @Consumes({ JSON_LINES, "application/jsonl", MediaType.TEXT_PLAIN })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import an export into a new project whose owner is ownerSubject; all or nothing")
    public Response importProject(@QueryParam("ownerSubject") @NotBlank @Size(max = 255) String ownerSubject,
            InputStream body) {
        ProjectView created = importer.importFrom(body, ownerSubject);
        return Response.created(URI.create("/v1/projects/" + created.id())).entity(created).build();
    }
}
