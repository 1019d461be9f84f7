package dev.peercode.gateway.tools;

import java.util.List;
import java.util.Set;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.peercode.api.planner.PlanView.TaskView;
import dev.peercode.api.planner.TaskDtos.ClaimTask;
import dev.peercode.api.planner.TaskDtos.CreatePhase;
import dev.peercode.api.planner.TaskDtos.CreateTask;
import dev.peercode.api.planner.TaskDtos.MoveTask;
import dev.peercode.api.planner.TaskDtos.UpdateTask;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.OneOf;
import dev.peercode.gateway.call.ToolAnswer;
import dev.peercode.gateway.call.ToolErrors;
import dev.peercode.gateway.client.PlannerApi;
import dev.peercode.gateway.identity.CallerResolver;
import dev.peercode.gateway.service.ProjectState;
import dev.peercode.gateway.service.ProjectStates;
import dev.peercode.rules.tasks.TaskStatus;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.smallrye.mutiny.Uni;

/** The shared plan: project state, phases and tasks. */
public class PlanTools {

    private final ToolContext context;
    private final PlannerApi planner;
    private final ProjectStates states;

    PlanTools(ToolContext context, @RestClient PlannerApi planner, ProjectStates states) {
        this.context = context;
        this.planner = planner;
        this.states = states;
    }

    /** A task after a change: what happened ({@code created}, {@code claimed}, {@code updated}, {@code moved}) and the task. */
    public record TaskOutcome(@OneOf( {
            "created", "claimed", "updated", "moved" }) String outcome, String id, String phaseId,
            int position, String title,
            @OneOf(TaskStatus.REGEX) String status, String assignee,
            int priority, List<String> expectedFiles, List<String> dependsOn, long version) implements ToolAnswer{

        static TaskOutcome of(String outcome, TaskView t) {
            return new TaskOutcome(outcome, t.id(), t.phaseId(), t.position(), t.title(), t.status(), t.assignee(),
                    t.priority(), t.expectedFiles(), t.dependsOn(), t.version());
        }
    }

    /** A phase just added. */
    public record PhaseOutcome(@OneOf("created") String outcome, String id, String name, int position)
            implements
                ToolAnswer {
    }

    @Tool(name = "peercode_get_project", description = "Start here. The project's shared state, compact: phases with task counts, "
            + "one page of tasks (open ones by default; v is each task's version), active sessions, live locks, open "
            + "debates, the push token, and lastSeq (the cursor for peercode_get_deltas). Pass taskIds to get those "
            + "tasks in full (description, files); page with taskOffset.", annotations = @Tool.Annotations(readOnlyHint = true, openWorldHint = false), structuredContent = true)
    public Uni<ProjectState> getProject(
            @ToolArg(description = ToolDocs.PROJECT, required = false) String projectId,
            @ToolArg(description = ToolDocs.SESSION, required = false) String sessionId,
            @ToolArg(description = "Which tasks to list: open (default: not done or cancelled), all, or one status", required = false) @OneOf({
                    "open", "all", TaskStatus.REGEX }) String taskFilter,
            @ToolArg(description = "Skip this many tasks of the list (paging; use nextOffset)", required = false) @Bounds(max = 100_000) Integer taskOffset,
            @ToolArg(description = "At most this many tasks (default 40)", required = false) @Bounds(min = 1, max = 200) Integer taskLimit,
            @ToolArg(description = "Task ids to return in full (description, expected files, dependencies)", required = false) @Bounds(max = 20) List<String> taskIds) {
        return context.call(projectId, sessionId, call -> {
            if (taskFilter != null && !"open".equals(taskFilter) && !"all".equals(taskFilter)) {
                Args.optional("taskFilter", taskFilter, Args.TASK_STATUS, "must be open, all, " + Args.listed(TaskStatus.ALL));
            }
            Args.range("taskOffset", taskOffset, 0, 100_000);
            Args.range("taskLimit", taskLimit, 1, ProjectStates.MAX_TASK_LIMIT);
            Args.list("taskIds", taskIds, false, ProjectStates.MAX_DETAILS, Args.TASK, Args.TASK_RULE);
            ProjectStates.Query query = new ProjectStates.Query(call.session(), taskFilter,
                    taskOffset == null ? 0 : taskOffset, taskLimit == null ? ProjectStates.DEFAULT_TASK_LIMIT : taskLimit,
                    taskIds == null ? Set.of() : Set.copyOf(taskIds));
            return call.run(() -> states.load(call.projectId(), query))
                    .map(found -> found.orElseThrow(() -> ToolErrors.of(CallerResolver.notFound(call.projectId()))));
        });
    }

    @Tool(name = "peercode_create_phase", description = "Add a phase (an ordered stage of the plan) at a position; "
            + "without a position it goes last.", structuredContent = true)
    public Uni<PhaseOutcome> createPhase(
            @ToolArg(description = "Phase name, e.g. 'Authentication'") @Bounds(max = 100) String name,
            @ToolArg(description = "0-based position among the phases (default: last)", required = false) @Bounds(max = 1000) Integer position,
            @ToolArg(description = ToolDocs.PROJECT, required = false) String projectId,
            @ToolArg(description = ToolDocs.SESSION, required = false) String sessionId) {
        return context.call(projectId, sessionId, call -> {
            Args.text("name", name, true, 100);
            Args.range("position", position, 0, 1000);
            return call.run(() -> planner.createPhase(call.projectId(), new CreatePhase(call.session(), name, position)))
                    .map(phase -> new PhaseOutcome("created", phase.id(), phase.name(), phase.position()));
        });
    }

    @Tool(name = "peercode_create_task", description = "Add a task to a phase: title, optional description, priority, "
            + "the files it expects to touch, tasks it depends on, and optionally an assignee.", structuredContent = true)
    public Uni<TaskOutcome> createTask(
            @ToolArg(description = "The phase to add it to (phase_...)") String phaseId,
            @ToolArg(description = "Short imperative title") @Bounds(max = 200) String title,
            @ToolArg(description = "What done looks like", required = false) @Bounds(max = 10_000) String description,
            @ToolArg(description = "0 is the most urgent; default 2", required = false) @Bounds(max = 4) Integer priority,
            @ToolArg(description = "Repository-relative paths or globs it will touch", required = false) @Bounds(max = 100) List<String> expectedFiles,
            @ToolArg(description = "Ids of tasks of this project that must be done first", required = false) @Bounds(max = 50) List<String> dependsOn,
            @ToolArg(description = "Session to assign it to (usually leave empty and claim later)", required = false) String assignee,
            @ToolArg(description = "0-based position within the phase (default: last)", required = false) @Bounds(max = 10_000) Integer position,
            @ToolArg(description = ToolDocs.PROJECT, required = false) String projectId,
            @ToolArg(description = ToolDocs.SESSION, required = false) String sessionId) {
        return context.call(projectId, sessionId, call -> {
            Args.required("phaseId", phaseId, Args.PHASE, Args.PHASE_RULE);
            taskFields(title, true, description, priority, expectedFiles, dependsOn);
            Args.optional("assignee", assignee, Args.SESSION, "must be a session name");
            Args.range("position", position, 0, 10_000);
            return call.run(() -> planner.createTask(call.projectId(), new CreateTask(call.session(), phaseId, title,
                    description, priority, expectedFiles, dependsOn, assignee, position)))
                    .map(t -> TaskOutcome.of("created", t));
        });
    }

    @Tool(name = "peercode_update_task", description = "Change a task: status, assignee, title, description, priority, "
            + "files, dependencies. To claim a task set claim=true (assigns it to you and starts it); when several "
            + "sessions claim at once exactly one wins and the others are told who has it. Pass expectedVersion to "
            + "refuse the change if the task moved on since you read it.", structuredContent = true)
    public Uni<TaskOutcome> updateTask(
            @ToolArg(description = "The task (task_...)") String taskId,
            @ToolArg(description = "true: claim the task for yourself (assign to you + in_progress)", required = false) Boolean claim,
            @ToolArg(description = "New status", required = false) @OneOf(TaskStatus.REGEX) String status,
            @ToolArg(description = "Assign to this session", required = false) String assignee,
            @ToolArg(description = "true: clear the assignee (hand the task back)", required = false) Boolean unassign,
            @ToolArg(description = "New title", required = false) @Bounds(max = 200) String title,
            @ToolArg(description = "New description", required = false) @Bounds(max = 10_000) String description,
            @ToolArg(description = "New priority, 0 is the most urgent", required = false) @Bounds(max = 4) Integer priority,
            @ToolArg(description = "Replaces the expected files (paths or globs)", required = false) @Bounds(max = 100) List<String> expectedFiles,
            @ToolArg(description = "Replaces the dependencies (task ids)", required = false) @Bounds(max = 50) List<String> dependsOn,
            @ToolArg(description = ToolDocs.EXPECTED_VERSION, required = false) @Bounds(min = 0) Long expectedVersion,
            @ToolArg(description = ToolDocs.PROJECT, required = false) String projectId,
            @ToolArg(description = ToolDocs.SESSION, required = false) String sessionId) {
        return context.call(projectId, sessionId, call -> {
            Args.required("taskId", taskId, Args.TASK, Args.TASK_RULE);
            Args.optional("status", status, Args.TASK_STATUS, Args.TASK_STATUS_RULE);
            Args.optional("assignee", assignee, Args.SESSION, "must be a session name");
            taskFields(title, false, description, priority, expectedFiles, dependsOn);
            Args.atLeastZero("expectedVersion", expectedVersion);
            boolean claiming = isClaim(call.session(), claim, assignee, status);
            boolean otherChanges = title != null || description != null || priority != null || expectedFiles != null
                    || dependsOn != null || Boolean.TRUE.equals(unassign)
                    || (status != null && !TaskStatus.IN_PROGRESS.equals(status))
                    || (assignee != null && !call.session().equals(assignee));
            if (claiming && otherChanges) {
                throw Args.invalid("claim", "claim alone (assign to you + in_progress); make other changes in a second call");
            }
            if (claiming) {
                return call.run(() -> planner.claimTask(call.projectId(), taskId,
                        new ClaimTask(call.session(), expectedVersion))).map(t -> TaskOutcome.of("claimed", t));
            }
            if (!otherChanges && status == null && assignee == null) {
                throw Args.invalid("arguments", "nothing to change: give claim, status, assignee, unassign, title, "
                        + "description, priority, expectedFiles or dependsOn");
            }
            return call.run(() -> planner.updateTask(call.projectId(), taskId,
                    new UpdateTask(call.session(), expectedVersion, title, description, status, assignee,
                            Boolean.TRUE.equals(unassign) ? Boolean.TRUE : null, priority, expectedFiles, dependsOn)))
                    .map(t -> TaskOutcome.of("updated", t));
        });
    }

    @Tool(name = "peercode_move_task", description = "Move a task to another phase and/or position.", structuredContent = true)
    public Uni<TaskOutcome> moveTask(
            @ToolArg(description = "The task (task_...)") String taskId,
            @ToolArg(description = "The phase to move it to (phase_...); its current phase to reorder only") String phaseId,
            @ToolArg(description = "0-based position within that phase (default: last)", required = false) @Bounds(max = 10_000) Integer position,
            @ToolArg(description = ToolDocs.EXPECTED_VERSION, required = false) @Bounds(min = 0) Long expectedVersion,
            @ToolArg(description = ToolDocs.PROJECT, required = false) String projectId,
            @ToolArg(description = ToolDocs.SESSION, required = false) String sessionId) {
        return context.call(projectId, sessionId, call -> {
            Args.required("taskId", taskId, Args.TASK, Args.TASK_RULE);
            Args.required("phaseId", phaseId, Args.PHASE, Args.PHASE_RULE);
            Args.range("position", position, 0, 10_000);
            Args.atLeastZero("expectedVersion", expectedVersion);
            return call.run(() -> planner.moveTask(call.projectId(), taskId,
                    new MoveTask(call.session(), expectedVersion, phaseId, position))).map(t -> TaskOutcome.of("moved", t));
        });
    }

    /** The shapes of a task's own fields, as creating and changing one take them. */
    private static void taskFields(String title, boolean titleRequired, String description, Integer priority,
            List<String> expectedFiles, List<String> dependsOn) {
        Args.text("title", title, titleRequired, 200);
        Args.text("description", description, false, 10_000);
        Args.range("priority", priority, 0, 4);
        Args.list("expectedFiles", expectedFiles, false, 100, null, null);
        Args.list("dependsOn", dependsOn, false, 50, Args.TASK, Args.TASK_RULE);
    }

    /**
     * A claim: {@code claim=true}, or the same thing spelled as a change (assign to yourself and start it), which
     * goes through the planner's claim so that of N racing claimers one wins and the others are told who.
     */
    static boolean isClaim(String session, Boolean claim, String assignee, String status) {
        return Boolean.TRUE.equals(claim) || (session.equals(assignee) && TaskStatus.IN_PROGRESS.equals(status));
    }
}
