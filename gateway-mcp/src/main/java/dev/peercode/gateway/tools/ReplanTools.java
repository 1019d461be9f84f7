package dev.peercode.gateway.tools;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.peercode.gateway.service.ReplanService;
import dev.peercode.gateway.tools.ToolContext.Call;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;

/** Replanning: the server proposes, the agents decide and apply. */
public class ReplanTools {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ToolContext context;
    private final ReplanService replans;
    private final ObjectMapper json;

    ReplanTools(ToolContext context, ReplanService replans, ObjectMapper json) {
        this.context = context;
        this.replans = replans;
        this.json = json;
    }

    /**
     * {@code mode} proposal (no operations given: findings with reasons and proposed operations) or
     * applied (the operations were applied atomically as one plan revision). {@code result} is the
     * planner's answer.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record ReplanOutcome(String mode, Map<String, Object> result, String next) {
    }

    @Tool(name = "peercode_replan", description = "Without operations: analyse the plan against reality (dependency "
            + "cycles, quiet assignees, unblockable tasks, ready work for idle sessions, overlapping files, finished "
            + "phases, the critical path) and return findings with reasons and proposed operations. With operations: "
            + "apply them all or none as one plan revision (stale expectedVersions fail the whole revision).", structuredContent = true)
    public ReplanOutcome replan(
            @ToolArg(description = "Operations to apply (at most 100), as a proposal returned them; omit for a proposal. "
                    + "Each has an op: create_task (phaseId, title, ...; ref names it for later $ref), update_task "
                    + "(taskId, status/assignee/title/...), move_task (taskId, phaseId, position), add_dependency / "
                    + "remove_dependency (taskId, dependsOn), create_phase (name, position), reorder_phase (phaseId, "
                    + "position), unassign, cancel (taskId); expectedVersion guards each task", required = false) List<Map<String, Object>> operations,
            @ToolArg(description = "With operations: why (up to 500 characters, recorded in the plan revision)", required = false) String reason,
            @ToolArg(description = "With operations: the lastSeq the proposal was based on", required = false) Long basedOnSeq,
            @ToolArg(description = ToolDocs.PROJECT, required = false) String projectId,
            @ToolArg(description = ToolDocs.SESSION, required = false) String sessionId) {
        Call call = context.begin(projectId, sessionId);
        Args.atLeastZero("basedOnSeq", basedOnSeq);
        if (operations != null && !operations.isEmpty()) {
            if (operations.size() > 100) {
                throw Args.invalid("operations", "must list at most 100 operations");
            }
            Args.text("reason", reason, true, 500);
            JsonNode applied = call.run(
                    () -> replans.apply(call.projectId(), call.session(), operations, reason, basedOnSeq));
            return new ReplanOutcome("applied", json.convertValue(applied, MAP),
                    "Applied as one plan revision; others see a plan.revised delta.");
        }
        JsonNode proposal = call.run(() -> replans.propose(call.projectId(), call.session()));
        return new ReplanOutcome("proposal", json.convertValue(proposal, MAP),
                "Review the findings; apply the operations you agree with by calling peercode_replan again with "
                        + "operations and a reason.");
    }
}
