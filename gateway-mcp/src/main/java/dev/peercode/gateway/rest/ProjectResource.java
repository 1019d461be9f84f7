package dev.peercode.gateway.rest;

import static dev.peercode.gateway.client.BackendProblem.orEmpty;
import static dev.peercode.gateway.rest.RestContext.body;
import static dev.peercode.gateway.rest.RestContext.created;

import java.util.List;
import java.util.Set;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import dev.peercode.api.IdFormats;
import dev.peercode.api.planner.ProjectDtos;
import dev.peercode.api.planner.ProjectDtos.ProjectView;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.client.PlannerApi;
import dev.peercode.gateway.identity.Caller;
import dev.peercode.gateway.identity.CallerResolver;
import dev.peercode.gateway.service.ProjectGuard;
import dev.peercode.gateway.service.ProjectState;
import dev.peercode.gateway.service.ProjectStates;
import io.smallrye.mutiny.Uni;

@Path("/api/v1/projects")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Projects")
public class ProjectResource {

    private final PlannerApi planner;
    private final ProjectStates states;
    private final ProjectGuard guard;
    private final RestContext context;

    ProjectResource(@RestClient PlannerApi planner, ProjectStates states, ProjectGuard guard, RestContext context) {
        this.planner = planner;
        this.states = states;
        this.guard = guard;
        this.context = context;
    }

    @GET
    @Operation(summary = "Projects the caller is a member of")
    public Uni<List<ProjectView>> list() {
        Caller caller = context.caller();
        if (caller.isAgent()) {
            // An agent token reaches its own project only.
            return orEmpty(planner.project(caller.tokenProjectId(), false))
                    .map(found -> found.map(d -> List.of(d.project())).orElse(List.of()));
        }
        return planner.projects(caller.subject());
    }

    @POST
    @Operation(summary = "Create a project; the caller becomes its owner")
    @APIResponse(responseCode = "201", description = "Created; Location names it")
    public Uni<Response> create(RestDtos.CreateProject body, @RestQuery String session) {
        Args.text("name", body(body).name(), true, 100);
        Args.optional("session", session, Args.SESSION, IdFormats.SESSION_MESSAGE);
        Caller caller = context.person("create projects");
        return planner.createProject(new ProjectDtos.CreateProject(body.name(), body.description(),
                body.repositoryUrl(), body.syncBranch(), caller.subject(), session)).invoke(guard::remember)
                .map(created -> created("/api/v1/projects/" + created.id(), created));
    }

    @GET
    @Path("/{projectId}")
    @Operation(summary = "The project's compact state (what peercode_get_project returns)")
    public Uni<ProjectState> get(@RestPath String projectId,
            @Parameter(description = "The asking session (for 'you hold the push token')") @RestQuery String session,
            @Parameter(description = "open (default), all, or one task status") @RestQuery String taskFilter,
            @RestQuery Integer taskOffset, @RestQuery Integer taskLimit) {
        return context.reading(projectId, session, () -> {
            Args.range("taskOffset", taskOffset, 0, 100_000);
            Args.range("taskLimit", taskLimit, 1, ProjectStates.MAX_TASK_LIMIT);
        }).chain(call -> states.load(projectId, new ProjectStates.Query(call.session(), taskFilter,
                taskOffset == null ? 0 : taskOffset, taskLimit == null ? ProjectStates.DEFAULT_TASK_LIMIT : taskLimit,
                Set.of()))).map(found -> found.orElseThrow(() -> CallerResolver.notFound(projectId)));
    }
}
