package dev.peercode.planner.task;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.peercode.api.planner.PlanView.PhaseView;
import dev.peercode.api.planner.PlanView.TaskView;
import dev.peercode.api.planner.TaskDtos.ClaimTask;
import dev.peercode.api.planner.TaskDtos.CreatePhase;
import dev.peercode.api.planner.TaskDtos.CreateTask;
import dev.peercode.api.planner.TaskDtos.MovePhase;
import dev.peercode.api.planner.TaskDtos.MoveTask;
import dev.peercode.api.planner.TaskDtos.UpdateTask;
import dev.peercode.planner.common.Ids;
import dev.peercode.rules.tasks.TaskStatus;

@Path("/v1/projects/{projectId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "plan")
public class TaskResource {

    private final TaskService tasks;
    private final PlanReads reads;

    public TaskResource(TaskService tasks, PlanReads reads) {
        this.tasks = tasks;
        this.reads = reads;
    }

    @GET
    @Path("/phases")
    @Operation(summary = "Phases in order, with their tasks")
    public List<PhaseView> phases(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId) {
        return reads.plan(projectId).phases();
    }

    @POST
    @Path("/phases")
    @Operation(summary = "Add a phase at a position (default: last)")
    public Response createPhase(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @Valid @NotNull CreatePhase body) {
        PhaseView p = tasks.createPhase(projectId, body);
        return Response.created(URI.create("/v1/projects/" + projectId + "/phases/" + p.id())).entity(p).build();
    }

    @POST
    @Path("/phases/{phaseId}/move")
    @Operation(summary = "Move a phase to another position")
    public PhaseView movePhase(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @PathParam("phaseId") @Pattern(regexp = Ids.PHASE_REGEX) String phaseId, @Valid @NotNull MovePhase body) {
        return tasks.movePhase(projectId, phaseId, body);
    }

    @GET
    @Path("/tasks")
    @Operation(summary = "Tasks, optionally filtered by status, phase or assignee")
    public List<TaskView> list(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @QueryParam("status") @Pattern(regexp = TaskStatus.REGEX) String status,
            @QueryParam("phaseId") @Pattern(regexp = Ids.PHASE_REGEX) String phaseId,
            @QueryParam("assignee") @Pattern(regexp = Ids.SESSION_REGEX) String assignee) {
        return reads.list(projectId, status, phaseId, assignee);
    }

    @POST
    @Path("/tasks")
    @Operation(summary = "Create a task")
    public Response create(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @Valid @NotNull CreateTask body) {
        TaskView t = tasks.createTask(projectId, body);
        return Response.created(URI.create("/v1/projects/" + projectId + "/tasks/" + t.id())).entity(t).build();
    }

    @GET
    @Path("/tasks/{taskId}")
    @Operation(summary = "One task")
    public TaskView get(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @PathParam("taskId") @Pattern(regexp = Ids.TASK_REGEX) String taskId) {
        return reads.get(projectId, taskId);
    }

    @PATCH
    @Path("/tasks/{taskId}")
    @Operation(summary = "Change status, assignee, scope; 409 on a stale expectedVersion or a claimed task")
    public TaskView update(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @PathParam("taskId") @Pattern(regexp = Ids.TASK_REGEX) String taskId, @Valid @NotNull UpdateTask body) {
        return tasks.updateTask(projectId, taskId, body);
    }

    @POST
    @Path("/tasks/{taskId}/claim")
    @Operation(summary = "Assign to the actor and start; exactly one of racing claimers wins, the others get 409 naming it")
    public TaskView claim(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @PathParam("taskId") @Pattern(regexp = Ids.TASK_REGEX) String taskId, @Valid @NotNull ClaimTask body) {
        return tasks.claim(projectId, taskId, body);
    }

    @POST
    @Path("/tasks/{taskId}/move")
    @Operation(summary = "Move a task to another phase and/or position")
    public TaskView move(@PathParam("projectId") @Pattern(regexp = Ids.PROJECT_REGEX) String projectId,
            @PathParam("taskId") @Pattern(regexp = Ids.TASK_REGEX) String taskId, @Valid @NotNull MoveTask body) {
        return tasks.moveTask(projectId, taskId, body);
    }
}
