package dev.peercode.gateway.tools;

import static dev.peercode.gateway.service.JsonFields.instant;
import static dev.peercode.gateway.service.JsonFields.strings;
import static dev.peercode.gateway.service.JsonFields.text;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.peercode.gateway.client.PlannerClient;
import dev.peercode.gateway.tools.ToolContext.Call;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;

/** Debates: settle a conflict between sessions by their answers, or escalate it to a person. */
public class DebateTools {

    private final ToolContext context;
    private final PlannerClient planner;
    private final ObjectMapper json;

    DebateTools(ToolContext context, PlannerClient planner, ObjectMapper json) {
        this.context = context;
        this.planner = planner;
        this.json = json;
    }

    /** A debate as it stands: {@code status} open, resolved, escalated or withdrawn; {@code outcome} once decided. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record DebateOutcome(String id, String topic, String question, String status, List<String> options,
            List<String> participants, List<String> answered, Instant deadline, String outcome, String decidedBy,
            String reason) {

        public static DebateOutcome of(JsonNode d) {
            List<String> answered = new ArrayList<>();
            for (JsonNode r : d.path("responses")) {
                answered.add(r.path("session").asText(r.path("actor").asText()));
            }
            return new DebateOutcome(text(d, "id"), text(d, "topic"), text(d, "question"), text(d, "status"),
                    strings(d.path("options")), strings(d.path("participants")), answered, instant(d.path("deadline")),
                    text(d, "outcome"), text(d, "decidedBy"),
                    d.hasNonNull("resolutionReason") ? text(d, "resolutionReason") : text(d, "reason"));
        }
    }

    @Tool(name = "peercode_start_debate", description = "Open a debate when sessions disagree or collide (the same file, "
            + "conflicting designs): a topic, the question, 2..10 options and the participants. It resolves when every "
            + "participant has answered (majority wins) or at the deadline; a tie or no quorum escalates it to a person.", structuredContent = true)
    public DebateOutcome startDebate(
            @ToolArg(description = "Short topic, up to 200 characters, e.g. 'who refactors src/app.ts'") String topic,
            @ToolArg(description = "The question to decide, up to 2000 characters") String question,
            @ToolArg(description = "The choices, 2..10, each up to 200 characters") List<String> options,
            @ToolArg(description = "Sessions that must answer (you are added if missing), 1..20") List<String> participants,
            @ToolArg(description = "Seconds until the deadline (default 1800)", required = false) Integer deadlineSeconds,
            @ToolArg(description = "Tasks it concerns (task ids)", required = false) List<String> taskIds,
            @ToolArg(description = ToolDocs.PROJECT, required = false) String projectId,
            @ToolArg(description = ToolDocs.SESSION, required = false) String sessionId) {
        Call call = context.begin(projectId, sessionId);
        Args.text("topic", topic, true, 200);
        Args.text("question", question, true, 2000);
        Args.list("options", options, true, 10, null, null);
        if (options.size() < 2) {
            throw Args.invalid("options", "must list at least 2 choices");
        }
        Args.list("participants", participants, true, 20, Args.SESSION, "must be a session name");
        Args.range("deadlineSeconds", deadlineSeconds, 1, 7 * 24 * 3600);
        Args.list("taskIds", taskIds, false, 50, Args.TASK, "must be a task id (task_...)");
        List<String> everyone = new ArrayList<>(participants);
        if (!everyone.contains(call.session())) {
            everyone.add(call.session());
        }
        ObjectNode body = json.createObjectNode();
        body.put("actor", call.session());
        body.put("topic", topic);
        body.put("question", question);
        body.set("options", json.valueToTree(options));
        body.set("participants", json.valueToTree(everyone));
        if (deadlineSeconds != null) {
            body.put("deadlineSeconds", deadlineSeconds);
        }
        if (taskIds != null) {
            body.set("taskIds", json.valueToTree(taskIds));
        }
        return DebateOutcome.of(ToolErrors.guarded(() -> planner.startDebate(call.projectId(), body)));
    }

    @Tool(name = "peercode_respond_debate", description = "Answer a debate you take part in: one of its options and your "
            + "argument. escalate=true asks a person to decide instead.", structuredContent = true)
    public DebateOutcome respondDebate(
            @ToolArg(description = "The debate (deb_...)") String debateId,
            @ToolArg(description = "Your choice: exactly one of the debate's options", required = false) String choice,
            @ToolArg(description = "Why, up to 2000 characters", required = false) String argument,
            @ToolArg(description = "true: escalate to a person instead of choosing", required = false) Boolean escalate,
            @ToolArg(description = ToolDocs.PROJECT, required = false) String projectId,
            @ToolArg(description = ToolDocs.SESSION, required = false) String sessionId) {
        Call call = context.begin(projectId, sessionId);
        Args.required("debateId", debateId, Args.DEBATE, "must be a debate id (deb_...)");
        Args.text("choice", choice, !Boolean.TRUE.equals(escalate), 200);
        Args.text("argument", argument, false, 2000);
        ObjectNode body = json.createObjectNode();
        body.put("actor", call.session());
        if (choice != null) {
            body.put("choice", choice);
        }
        if (argument != null) {
            body.put("argument", argument);
        }
        if (Boolean.TRUE.equals(escalate)) {
            body.put("escalate", true);
        }
        return DebateOutcome.of(ToolErrors.guarded(() -> planner.respondDebate(call.projectId(), debateId, body)));
    }
}
