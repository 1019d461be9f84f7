package dev.peercode.gateway.tools;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.peercode.api.planner.DebateDtos.DebateView;
import dev.peercode.api.planner.DebateDtos.Escalate;
import dev.peercode.api.planner.DebateDtos.Respond;
import dev.peercode.api.planner.DebateDtos.StartDebate;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.OneOf;
import dev.peercode.gateway.call.ToolAnswer;
import dev.peercode.gateway.client.PlannerApi;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.smallrye.mutiny.Uni;

/** Debates: settle a conflict between sessions by their answers, or escalate it to a person. */
public class DebateTools {

    private final ToolContext context;
    private final PlannerApi planner;

    DebateTools(ToolContext context, @RestClient PlannerApi planner) {
        this.context = context;
        this.planner = planner;
    }

    /**
     * A debate as it stands: {@code tally} of the answers so far, {@code waitingFor} who has not answered,
     * {@code outcome} and {@code decidedBy} once settled.
     */
    public record DebateOutcome(String id, String topic, String question,
            @OneOf( {
                    "open", "resolved", "escalated", "withdrawn" }) String status,
            List<String> options,
            List<String> participants, Map<String, Long> tally, List<String> waitingFor, Instant deadline,
            String outcome, String decidedBy, String reason) implements ToolAnswer{

        public static DebateOutcome of(DebateView d) {
            return new DebateOutcome(d.id(), d.topic(), d.question(), d.status(), d.options(), d.participants(),
                    d.tally(), d.waitingFor(), d.deadline(), d.outcome(), d.decidedBy(), d.resolutionReason());
        }
    }

    @Tool(name = "peercode_start_debate", description = "Open a debate when sessions disagree or collide (the same file, "
            + "conflicting designs): a topic, the question, 2..10 options and the participants. It resolves when every "
            + "participant has answered (majority wins) or at the deadline; a tie or no quorum escalates it to a person.", structuredContent = true)
    public Uni<DebateOutcome> startDebate(
            @ToolArg(description = "Short topic, e.g. 'who refactors src/app.ts'") @Bounds(max = 200) String topic,
            @ToolArg(description = "The question to decide") @Bounds(max = 2000) String question,
            @ToolArg(description = "The choices, each up to 200 characters") @Bounds(min = 2, max = 10) List<String> options,
            @ToolArg(description = "Sessions that must answer (you are added if missing)") @Bounds(min = 1, max = 20) List<String> participants,
            @ToolArg(description = "Seconds until the deadline (default 1800)", required = false) @Bounds(min = 1, max = 604_800) Long deadlineSeconds,
            @ToolArg(description = "Tasks it concerns (task ids)", required = false) @Bounds(max = 20) List<String> taskIds,
            @ToolArg(description = ToolDocs.PROJECT, required = false) String projectId,
            @ToolArg(description = ToolDocs.SESSION, required = false) String sessionId) {
        return context.call(projectId, sessionId, call -> {
            Args.text("topic", topic, true, 200);
            Args.text("question", question, true, 2000);
            Args.list("options", options, true, 10, null, null);
            if (options.size() < 2) {
                throw Args.invalid("options", "must list at least 2 choices");
            }
            Args.list("participants", participants, true, 20, Args.SESSION, "must be a session name");
            if (deadlineSeconds != null && (deadlineSeconds < 1 || deadlineSeconds > 7 * 24 * 3600)) {
                throw Args.invalid("deadlineSeconds", "must be between 1 and 604800");
            }
            Args.list("taskIds", taskIds, false, 20, Args.TASK, Args.TASK_RULE);
            List<String> everyone = new ArrayList<>(participants);
            if (!everyone.contains(call.session())) {
                everyone.add(call.session());
            }
            return call.run(() -> planner.startDebate(call.projectId(),
                    new StartDebate(call.session(), topic, question, options, everyone, deadlineSeconds, taskIds)))
                    .map(DebateOutcome::of);
        });
    }

    @Tool(name = "peercode_respond_debate", description = "Answer a debate you take part in: one of its options and your "
            + "argument (once per debate). escalate=true asks a person to decide instead (give the reason as argument).", structuredContent = true)
    public Uni<DebateOutcome> respondDebate(
            @ToolArg(description = "The debate (deb_...)") String debateId,
            @ToolArg(description = "Your choice: exactly one of the debate's options", required = false) @Bounds(max = 200) String choice,
            @ToolArg(description = "Why (with escalate: up to 500 characters)", required = false) @Bounds(max = 2000) String argument,
            @ToolArg(description = "true: escalate to a person instead of choosing", required = false) Boolean escalate,
            @ToolArg(description = ToolDocs.PROJECT, required = false) String projectId,
            @ToolArg(description = ToolDocs.SESSION, required = false) String sessionId) {
        return context.call(projectId, sessionId, call -> {
            Args.required("debateId", debateId, Args.DEBATE, Args.DEBATE_RULE);
            if (Boolean.TRUE.equals(escalate)) {
                if (choice != null) {
                    throw Args.invalid("choice", "give either a choice or escalate=true, not both");
                }
                Args.text("argument", argument, false, 500);
                return call.run(() -> planner.escalateDebate(call.projectId(), debateId,
                        new Escalate(call.session(), argument))).map(DebateOutcome::of);
            }
            Args.text("choice", choice, true, 200);
            Args.text("argument", argument, false, 2000);
            return call.run(() -> planner.respondDebate(call.projectId(), debateId,
                    new Respond(call.session(), choice, argument))).map(DebateOutcome::of);
        });
    }
}
