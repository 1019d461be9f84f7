package dev.peercode.gateway.tools;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.OneOf;
import dev.peercode.gateway.call.ToolAnswer;
import dev.peercode.gateway.service.ReplanService;
import dev.peercode.rules.tasks.TaskStatus;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.smallrye.mutiny.Uni;

/** Replanning: the server proposes, the agents decide and apply. */
public class ReplanTools {

    private final ToolContext context;
    private final ReplanService replans;
    private final ObjectMapper json;

    ReplanTools(ToolContext context, ReplanService replans, ObjectMapper json) {
        this.context = context;
        this.replans = replans;
        this.json = json;
    }

    /**
     * {@code mode} proposal (no operations given: the planner's {@code proposal}, findings with reasons
     * and proposed operations) or applied (the operations were applied atomically as the plan
     * {@code revision}).
     */
    public record ReplanOutcome(@OneOf( {
            "proposal", "applied" }) String mode, Proposal proposal, Revision revision,
            String next) implements ToolAnswer{
    }

    /** The analysis of the plan as of {@code basedOnSeq}: findings, all proposed operations once each, the critical path. */
    public record Proposal(long basedOnSeq, List<Finding> findings, List<Operation> operations,
            List<String> criticalPath) implements ToolAnswer {
    }

    /** One thing the analysis noticed: its kind, why, what it concerns and the operations it proposes (maybe none). */
    public record Finding(@OneOf( {
            "dependency_cycle", "stale_assignee", "unblock", "assign",
            "scheduled_before_dependency", "file_overlap", "phase_complete", "critical_path" }) String kind,
            String reason, List<String> taskIds, List<String> sessions, List<Operation> operations)
            implements
                ToolAnswer{
    }

    /** One operation of a plan revision (the members its {@code op} uses; see the tool's operations argument). */
    public record Operation(@OneOf( {
            "create_task", "update_task", "move_task", "add_dependency", "remove_dependency",
            "create_phase", "reorder_phase", "unassign", "cancel" }) String op, String taskId, Long expectedVersion,
            String phaseId, Integer position, String title, String description, Integer priority,
            List<String> expectedFiles, String dependsOn,
            @OneOf(TaskStatus.REGEX) String status, String assignee,
            String name, String ref) implements ToolAnswer{
    }

    /** The plan revision just recorded; {@code created} maps each operation's {@code ref} to the id it got. */
    public record Revision(String id, String author, String reason, Long basedOnSeq, long seq, Instant createdAt,
            List<Operation> operations, Map<String, String> created) implements ToolAnswer {
    }

    @Tool(name = "peercode_replan", description = "Without operations: analyse the plan against reality (dependency "
            + "cycles, quiet assignees, unblockable tasks, ready work for idle sessions, overlapping files, finished "
            + "phases, the critical path) and return findings with reasons and proposed operations. With operations: "
            + "apply them all or none as one plan revision (stale expectedVersions fail the whole revision).", structuredContent = true)
    public Uni<ReplanOutcome> replan(
            @ToolArg(description = "Operations to apply, as a proposal returned them; omit for a proposal. "
                    + "Each has an op: create_task (phaseId, title, ...; ref names it for later $ref), update_task "
                    + "(taskId, status/assignee/title/...), move_task (taskId, phaseId, position), add_dependency / "
                    + "remove_dependency (taskId, dependsOn), create_phase (name, position), reorder_phase (phaseId, "
                    + "position), unassign, cancel (taskId); expectedVersion guards each task", required = false) @Bounds(max = 100) List<Map<String, Object>> operations,
            @ToolArg(description = "With operations: why (recorded in the plan revision)", required = false) @Bounds(max = 500) String reason,
            @ToolArg(description = "With operations: the basedOnSeq of the proposal", required = false) @Bounds(min = 0) Long basedOnSeq,
            @ToolArg(description = ToolDocs.PROJECT, required = false) String projectId,
            @ToolArg(description = ToolDocs.SESSION, required = false) String sessionId) {
        return context.call(projectId, sessionId, call -> {
            Args.atLeastZero("basedOnSeq", basedOnSeq);
            boolean applying = operations != null && !operations.isEmpty();
            Args.text("reason", reason, applying, 500);
            if (applying) {
                if (operations.size() > 100) {
                    throw Args.invalid("operations", "must list at most 100 operations");
                }
                return call.run(() -> replans.apply(call.projectId(), call.session(), operations, reason, basedOnSeq))
                        .map(applied -> new ReplanOutcome("applied", null, json.convertValue(applied, Revision.class),
                                "Applied as one plan revision; others see a plan.revised delta."));
            }
            return call.run(() -> replans.propose(call.projectId(), call.session()))
                    .map(proposal -> new ReplanOutcome("proposal", json.convertValue(proposal, Proposal.class), null,
                            "Review the findings; apply the operations you agree with by calling peercode_replan again "
                                    + "with operations and a reason."));
        });
    }
}
