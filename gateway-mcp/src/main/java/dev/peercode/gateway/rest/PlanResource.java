package dev.peercode.gateway.rest;

import static dev.peercode.gateway.client.BackendProblem.orEmpty;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.peercode.api.planner.PlanView.PhaseView;
import dev.peercode.api.planner.PlanView.TaskView;
import dev.peercode.api.planner.TaskDtos;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.client.PlannerApi;
import dev.peercode.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

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
    public Uni<List<PhaseView>> phases(@PathParam("projectId") String projectId, @QueryParam("session") String session,
            @Context HttpServerRequest request) {
        return context.reading(projectId, session, request).chain(() -> orEmpty(planner.project(projectId)))
                .map(found -> found.orElseThrow(() -> notFound("project", projectId)).plan().phases());
    }

    @POST
    @Path("/phases")
    @Operation(summary = "Add a phase at a position (default: last)")
    @APIResponse(responseCode = "201", description = "Created")
    public Uni<Response> createPhase(@PathParam("projectId") String projectId, RestDtos.CreatePhase body,
            @QueryParam("session") String session, @Context HttpServerRequest request) {
        return context.acting(projectId, session, request, () -> require(body)).chain(call -> planner.createPhase(
                projectId, new TaskDtos.CreatePhase(call.session(), body.name(), body.position())))
                .map(phase -> created("/api/v1/projects/" + projectId + "/phases/" + phase.id(), phase));
    }

    @GET
    @Path("/tasks")
    @Operation(summary = "Tasks, optionally filtered by status, phase or assignee")
    public Uni<List<TaskView>> tasks(@PathParam("projectId") String projectId, @QueryParam("status") String status,
            @QueryParam("phaseId") String phaseId, @QueryParam("assignee") String assignee,
            @QueryParam("session") String session, @Context HttpServerRequest request) {
        return context.reading(projectId, session, request)
                .chain(() -> planner.tasks(projectId, status, phaseId, assignee));
    }

    @POST
    @Path("/tasks")
    @Operation(summary = "Create a task")
    @APIResponse(responseCode = "201", description = "Created")
    public Uni<Response> createTask(@PathParam("projectId") String projectId, RestDtos.CreateTask body,
            @QueryParam("session") String session, @Context HttpServerRequest request) {
        return context.acting(projectId, session, request, () -> require(body)).chain(call -> planner.createTask(
                projectId, new TaskDtos.CreateTask(call.session(), body.phaseId(), body.title(), body.description(),
                        body.priority(), body.expectedFiles(), body.dependsOn(), body.assignee(), body.position())))
                .map(task -> created("/api/v1/projects/" + projectId + "/tasks/" + task.id(), task));
    }

    @GET
    @Path("/tasks/{taskId}")
    @Operation(summary = "One task in full")
    public Uni<TaskView> task(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId,
            @QueryParam("session") String session, @Context HttpServerRequest request) {
        return context.reading(projectId, session, request, () -> taskId(taskId))
                .chain(() -> orEmpty(planner.task(projectId, taskId)))
                .map(found -> found.orElseThrow(() -> notFound("task", taskId)));
    }

    @PATCH
    @Path("/tasks/{taskId}")
    @Operation(summary = "Change status, assignee, scope; 409 on a stale expectedVersion or a task claimed by another session")
    public Uni<TaskView> update(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId,
            RestDtos.UpdateTask body, @QueryParam("session") String session, @Context HttpServerRequest request) {
        return context.acting(projectId, session, request, () -> {
            taskId(taskId);
            require(body);
        })
                .chain(call -> planner.updateTask(projectId, taskId, new TaskDtos.UpdateTask(call.session(),
                        body.expectedVersion(), body.title(),
                        body.description(), body.status(), body.assignee(), body.unassign(), body.priority(),
                        body.expectedFiles(), body.dependsOn())));
    }

    @POST
    @Path("/tasks/{taskId}/claim")
    @Operation(summary = "Claim: assign to the session and start; exactly one of racing claimers wins, the others get 409 claim-conflict")
    public Uni<TaskView> claim(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId,
            RestDtos.ClaimTask body, @QueryParam("session") String session, @Context HttpServerRequest request) {
        return context.acting(projectId, session, request, () -> taskId(taskId)).chain(call -> planner.claimTask(
                projectId, taskId,
                new TaskDtos.ClaimTask(call.session(), body == null ? null : body.expectedVersion())));
    }

    @POST
    @Path("/tasks/{taskId}/move")
    @Operation(summary = "Move a task to another phase and/or position")
    public Uni<TaskView> move(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId,
            RestDtos.MoveTask body, @QueryParam("session") String session, @Context HttpServerRequest request) {
        return context.acting(projectId, session, request, () -> {
            taskId(taskId);
            require(body);
        })
                .chain(call -> planner.moveTask(projectId, taskId, new TaskDtos.MoveTask(call.session(),
                        body.expectedVersion(), body.phaseId(),
                        body.position())));
    }

    /** The request body; a missing one is refused. */
    static <T> T require(T body) {
        if (body == null) {
            throw Args.invalid("body", "is required");
        }
        return body;
    }

    private static String taskId(String taskId) {
        return Args.required("taskId", taskId, Args.TASK, Args.TASK_RULE);
    }

    /** 201 Created, {@code Location} naming what was created. */
    static Response created(String location, Object entity) {
        return Response.created(URI.create(location)).entity(entity).build();
    }

    static ProblemException notFound(String what, String id) {
        return ProblemException.notFound(what + " " + id + " does not exist");
    }
}
