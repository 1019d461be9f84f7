package dev.peercode.planner.replan;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.peercode.planner.common.Ids;
import dev.peercode.planner.replan.ReplanDtos.AnalyseRequest;
import dev.peercode.planner.replan.ReplanDtos.AnalysisView;
import dev.peercode.planner.replan.ReplanDtos.Revise;
import dev.peercode.planner.replan.ReplanDtos.RevisionView;

@Path("/v1/projects/{projectId}/replan")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "replan")
public class ReplanResource {

    private final ReplanService replan;

    public ReplanResource(ReplanService replan) {
        this.replan = replan;
    }

    @POST
    @Path("/analysis")
    @Operation(summary = "Findings with reasons and proposed operations; presence and locks come from the gateway")
    public AnalysisView analyse(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @Valid AnalyseRequest body) {
        return replan.analyse(projectId, body == null ? new AnalyseRequest(List.of(), List.of()) : body);
    }

    @POST
    @Path("/revisions")
    @Operation(summary = "Apply operations atomically as one plan revision with one plan.revised delta")
    public Response revise(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @Valid @NotNull Revise body) {
        RevisionView rev = replan.revise(projectId, body);
        return Response.created(URI.create("/v1/projects/" + projectId + "/replan/revisions/" + rev.id())).entity(rev)
                .build();
    }

    @GET
    @Path("/revisions")
    @Operation(summary = "The last 50 plan revisions, newest first")
    public List<RevisionView> revisions(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId) {
        return replan.list(projectId);
    }
}
