package dev.peercode.gateway.rest;

import static dev.peercode.gateway.client.BackendProblem.orEmpty;
import static dev.peercode.gateway.rest.RestContext.body;
import static dev.peercode.gateway.rest.RestContext.created;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import dev.peercode.api.planner.PlanView.PhaseView;
import dev.peercode.api.planner.PlanView.TaskView;
import dev.peercode.api.planner.TaskDtos;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.client.PlannerApi;
import dev.peercode.gateway.identity.CallerResolver;
import dev.peercode.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/** Phases and tasks. Acting calls name the session ({@code ?session=} or {@code X-PeerCode-Session}). */
@Path("/api/v1/projects/{projectId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Plan")
public class PlanResource {

    private final PlannerApi planner;
    private final RestContext context;

    PlanResource(@RestClient PlannerApi planner, RestContext context) {
        this.planner = planner;
        this.context = context;
    }

    @GET
    @Path("/phases")
    @Operation(summary = "Phases in order, each with its tasks")
    public Uni<List<PhaseView>> phases(@RestPath String projectId, @RestQuery String session) {
        return context.reading(projectId, session).chain(() -> orEmpty(planner.project(projectId)))
                .map(found -> found.orElseThrow(() -> CallerResolver.notFound(projectId)).plan().phases());
    }

    @POST
    @Path("/phases")
    @Operation(summary = "Add a phase at a position (default: last)")
    @APIResponse(responseCode = "201", description = "Created")
    public Uni<Response> createPhase(@RestPath String projectId, RestDtos.CreatePhase body, @RestQuery String session) {
        return context.acting(projectId, session, () -> body(body))
                .chain(call -> planner.createPhase(projectId,
                        new TaskDtos.CreatePhase(call.session(), body.name(), body.position())))
                .map(phase -> created("/api/v1/projects/" + projectId + "/phases/" + phase.id(), phase));
    }

    @GET
    @Path("/tasks")
    @Operation(summary = "Tasks, optionally filtered by status, phase or assignee")
    public Uni<List<TaskView>> tasks(@RestPath String projectId, @RestQuery String status, @RestQuery String phaseId,
            @RestQuery String assignee, @RestQuery String session) {
        return context.reading(projectId, session).chain(() -> planner.tasks(projectId, status, phaseId, assignee));
    }

    @POST
    @Path("/tasks")
    @Operation(summary = "Create a task")
    @APIResponse(responseCode = "201", description = "Created")
    public Uni<Response> createTask(@RestPath String projectId, RestDtos.CreateTask body, @RestQuery String session) {
        return context.acting(projectId, session, () -> body(body)).chain(call -> planner.createTask(projectId,
                new TaskDtos.CreateTask(call.session(), body.phaseId(), body.title(), body.description(),
                        body.priority(), body.expectedFiles(), body.dependsOn(), body.assignee(), body.position())))
                .map(task -> created("/api/v1/projects/" + projectId + "/tasks/" + task.id(), task));
    }

    @GET
    @Path("/tasks/{taskId}")
    @Operation(summary = "One task in full")
    public Uni<TaskView> task(@RestPath String projectId, @RestPath String taskId, @RestQuery String session) {
        return context.reading(projectId, session, () -> taskId(taskId))
                .chain(() -> orEmpty(planner.task(projectId, taskId)))
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("task " + taskId + " does not exist")));
    }

    @PATCH
    @Path("/tasks/{taskId}")
    @Operation(summary = "Change status, assignee, scope; 409 on a stale expectedVersion or a task claimed by another session")
    public Uni<TaskView> update(@RestPath String projectId, @RestPath String taskId, RestDtos.UpdateTask body,
            @RestQuery String session) {
        return context.acting(projectId, session, () -> taskId(taskId), () -> body(body))
                .chain(call -> planner.updateTask(projectId, taskId, new TaskDtos.UpdateTask(call.session(),
                        body.expectedVersion(), body.title(), body.description(), body.status(), body.assignee(),
                        body.unassign(), body.priority(), body.expectedFiles(), body.dependsOn())));
    }

    @POST
    @Path("/tasks/{taskId}/claim")
    @Operation(summary = "Claim: assign to the session and start; exactly one of racing claimers wins, the others get 409 claim-conflict")
    public Uni<TaskView> claim(@RestPath String projectId, @RestPath String taskId, RestDtos.ClaimTask body,
            @RestQuery String session) {
        return context.acting(projectId, session, () -> taskId(taskId)).chain(call -> planner.claimTask(projectId,
                taskId, new TaskDtos.ClaimTask(call.session(), body == null ? null : body.expectedVersion())));
    }

    @POST
    @Path("/tasks/{taskId}/move")
    @Operation(summary = "Move a task to another phase and/or position")
    public Uni<TaskView> move(@RestPath String projectId, @RestPath String taskId, RestDtos.MoveTask body,
            @RestQuery String session) {
        return context.acting(projectId, session, () -> taskId(taskId), () -> body(body))
                .chain(call -> planner.moveTask(projectId, taskId,
                        new TaskDtos.MoveTask(call.session(), body.expectedVersion(), body.phaseId(), body.position())));
    }

    private static void taskId(String taskId) {
        Args.required("taskId", taskId, Args.TASK, Args.TASK_RULE);
    }
}
