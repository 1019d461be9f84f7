package dev.peercode.gateway.rest;

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

import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.CallContext.Call;
import dev.peercode.gateway.client.BackendProblem;
import dev.peercode.gateway.client.PlannerClient;
import dev.peercode.gateway.client.PlannerDtos;
import dev.peercode.gateway.client.PlannerDtos.PhaseView;
import dev.peercode.gateway.client.PlannerDtos.TaskView;
import io.vertx.core.http.HttpServerRequest;

/** Phases and tasks. Acting calls name the session ({@code ?session=} or {@code X-PeerCode-Session}). */
@Path("/api/v1/projects/{projectId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Plan")
public class PlanResource {

    private final PlannerClient planner;
    private final RestContext context;

    PlanResource(PlannerClient planner, RestContext context) {
        this.planner = planner;
        this.context = context;
    }

    @GET
    @Path("/phases")
    @Operation(summary = "Phases in order, each with its tasks")
    public List<PhaseView> phases(@PathParam("projectId") String projectId, @QueryParam("session") String session,
            @Context HttpServerRequest request) {
        context.reading(projectId, session, request);
        return planner.project(projectId).map(d -> d.plan().phases()).orElseThrow(() -> notFound("project", projectId));
    }

    @POST
    @Path("/phases")
    @Operation(summary = "Add a phase at a position (default: last)")
    @APIResponse(responseCode = "201", description = "Created")
    public Response createPhase(@PathParam("projectId") String projectId, RestDtos.CreatePhase body,
            @QueryParam("session") String session, @Context HttpServerRequest request) {
        Call call = context.acting(projectId, session, request);
        require(body);
        PhaseView phase = planner.createPhase(projectId,
                new PlannerDtos.CreatePhase(call.session(), body.name(), body.position()));
        return Response.created(URI.create("/api/v1/projects/" + projectId + "/phases/" + phase.id())).entity(phase)
                .build();
    }

    @GET
    @Path("/tasks")
    @Operation(summary = "Tasks, optionally filtered by status, phase or assignee")
    public List<TaskView> tasks(@PathParam("projectId") String projectId, @QueryParam("status") String status,
            @QueryParam("phaseId") String phaseId, @QueryParam("assignee") String assignee,
            @QueryParam("session") String session, @Context HttpServerRequest request) {
        context.reading(projectId, session, request);
        return planner.tasks(projectId, status, phaseId, assignee);
    }

    @POST
    @Path("/tasks")
    @Operation(summary = "Create a task")
    @APIResponse(responseCode = "201", description = "Created")
    public Response createTask(@PathParam("projectId") String projectId, RestDtos.CreateTask body,
            @QueryParam("session") String session, @Context HttpServerRequest request) {
        Call call = context.acting(projectId, session, request);
        require(body);
        TaskView task = planner.createTask(projectId, new PlannerDtos.CreateTask(call.session(), body.phaseId(),
                body.title(), body.description(), body.priority(), body.expectedFiles(), body.dependsOn(),
                body.assignee(), body.position()));
        return Response.created(URI.create("/api/v1/projects/" + projectId + "/tasks/" + task.id())).entity(task)
                .build();
    }

    @GET
    @Path("/tasks/{taskId}")
    @Operation(summary = "One task in full")
    public TaskView task(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId,
            @QueryParam("session") String session, @Context HttpServerRequest request) {
        context.reading(projectId, session, request);
        Args.required("taskId", taskId, Args.TASK, "must be a task id (task_...)");
        return planner.task(projectId, taskId).orElseThrow(() -> notFound("task", taskId));
    }

    @PATCH
    @Path("/tasks/{taskId}")
    @Operation(summary = "Change status, assignee, scope; 409 on a stale expectedVersion or a task claimed by another session")
    public TaskView update(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId,
            RestDtos.UpdateTask body, @QueryParam("session") String session, @Context HttpServerRequest request) {
        Call call = context.acting(projectId, session, request);
        require(body);
        return planner.updateTask(projectId, taskId, new PlannerDtos.UpdateTask(call.session(), body.expectedVersion(),
                body.title(), body.description(), body.status(), body.assignee(), body.unassign(), body.priority(),
                body.expectedFiles(), body.dependsOn()));
    }

    @POST
    @Path("/tasks/{taskId}/claim")
    @Operation(summary = "Claim: assign to the session and start; exactly one of racing claimers wins, the others get 409 claim-conflict")
    public TaskView claim(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId,
            RestDtos.ClaimTask body, @QueryParam("session") String session, @Context HttpServerRequest request) {
        Call call = context.acting(projectId, session, request);
        return planner.claimTask(projectId, taskId,
                new PlannerDtos.ClaimTask(call.session(), body == null ? null : body.expectedVersion()));
    }

    @POST
    @Path("/tasks/{taskId}/move")
    @Operation(summary = "Move a task to another phase and/or position")
    public TaskView move(@PathParam("projectId") String projectId, @PathParam("taskId") String taskId,
            RestDtos.MoveTask body, @QueryParam("session") String session, @Context HttpServerRequest request) {
        Call call = context.acting(projectId, session, request);
        require(body);
        return planner.moveTask(projectId, taskId,
                new PlannerDtos.MoveTask(call.session(), body.expectedVersion(), body.phaseId(), body.position()));
    }

    static void require(Object body) {
        if (body == null) {
            throw Args.invalid("body", "is required");
        }
    }

    static BackendProblem notFound(String what, String id) {
        return new BackendProblem(PlannerClient.SERVICE, 404, "not-found", "Not found", what + " " + id
                + " does not exist", java.util.Map.of());
    }
}
