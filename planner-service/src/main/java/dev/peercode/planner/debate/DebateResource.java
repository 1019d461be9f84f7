package dev.peercode.planner.debate;

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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.peercode.api.planner.DebateDtos.DebateView;
import dev.peercode.api.planner.DebateDtos.Decide;
import dev.peercode.api.planner.DebateDtos.Escalate;
import dev.peercode.api.planner.DebateDtos.Respond;
import dev.peercode.api.planner.DebateDtos.StartDebate;
import dev.peercode.api.planner.DebateDtos.Withdraw;
import dev.peercode.planner.common.Ids;

@Path("/v1/projects/{projectId}/debates")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "debates")
public class DebateResource {

    private final DebateService debates;

    public DebateResource(DebateService debates) {
        this.debates = debates;
    }

    @POST
    @Operation(summary = "Open a debate with options, participants and a deadline")
    public Response start(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @Valid @NotNull StartDebate body) {
        DebateView d = debates.start(projectId, body);
        return Response.created(URI.create("/v1/projects/" + projectId + "/debates/" + d.id())).entity(d).build();
    }

    @GET
    @Operation(summary = "Debates, newest first (at most 200), optionally by status")
    public List<DebateView> list(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @QueryParam("status") @Pattern(regexp = "open|resolved|escalated|withdrawn") String status) {
        return debates.list(projectId, status);
    }

    @GET
    @Path("/{debateId}")
    @Operation(summary = "One debate with its responses and tally")
    public DebateView get(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @PathParam("debateId") @Pattern(regexp = Ids.DEBATE_REGEX) String debateId) {
        return debates.get(projectId, debateId);
    }

    @POST
    @Path("/{debateId}/responses")
    @Operation(summary = "A participant's choice and argument; the last answer settles the debate")
    public DebateView respond(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @PathParam("debateId") @Pattern(regexp = Ids.DEBATE_REGEX) String debateId, @Valid @NotNull Respond body) {
        return debates.respond(projectId, debateId, body);
    }

    @POST
    @Path("/{debateId}/escalate")
    @Operation(summary = "Hand the debate to a person")
    public DebateView escalate(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @PathParam("debateId") @Pattern(regexp = Ids.DEBATE_REGEX) String debateId,
            @Valid @NotNull Escalate body) {
        return debates.escalate(projectId, debateId, body);
    }

    @POST
    @Path("/{debateId}/decision")
    @Operation(summary = "A person's decision (web UI), for an open or escalated debate")
    public DebateView decide(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @PathParam("debateId") @Pattern(regexp = Ids.DEBATE_REGEX) String debateId, @Valid @NotNull Decide body) {
        return debates.decide(projectId, debateId, body);
    }

    @POST
    @Path("/{debateId}/withdraw")
    @Operation(summary = "Withdraw a debate (only the session that opened it)")
    public DebateView withdraw(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @PathParam("debateId") @Pattern(regexp = Ids.DEBATE_REGEX) String debateId,
            @Valid @NotNull Withdraw body) {
        return debates.withdraw(projectId, debateId, body);
    }
}
