package dev.peercode.planner.debate;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import dev.peercode.planner.common.Ids;
import dev.peercode.rules.text.SingleLine;

/** Request and response shapes of debates. */
public final class DebateDtos {

    private DebateDtos() {
    }

    /** {@code deadlineSeconds} defaults to peercode.planner.debate.default-deadline. */
    public record StartDebate(
            @NotNull @Pattern(regexp = Ids.SESSION_REGEX) String actor,
            @NotBlank @Size(max = 200) @SingleLine String topic,
            @NotBlank @Size(max = 2000) String question,
            @NotNull @Size(min = 2, max = 10) List<@NotBlank @Size(max = 200) @SingleLine String> options,
            @NotNull @Size(min = 1, max = 20) List<@NotNull @Pattern(regexp = Ids.SESSION_REGEX) String> participants,
            @Positive Long deadlineSeconds,
            @Size(max = 20) List<@NotNull @Pattern(regexp = Ids.TASK_REGEX) String> taskIds) {
    }

    public record Respond(
            @NotNull @Pattern(regexp = Ids.SESSION_REGEX) String actor,
            @NotBlank @Size(max = 200) @SingleLine String choice,
            @Size(max = 2000) String argument) {
    }

    public record Escalate(
            @NotNull @Pattern(regexp = Ids.SESSION_REGEX) String actor,
            @Size(max = 500) @SingleLine String reason) {
    }

    /** A person's decision from the web UI; the gateway has checked the subject is a member. */
    public record Decide(
            @NotBlank @Size(max = 255) String memberSubject,
            @NotBlank @Size(max = 200) @SingleLine String choice,
            @Size(max = 500) @SingleLine String reason) {
    }

    public record Withdraw(
            @NotNull @Pattern(regexp = Ids.SESSION_REGEX) String actor,
            @Size(max = 500) @SingleLine String reason) {
    }

    public record ResponseView(String session, String choice, String argument, Instant answeredAt) {
    }

    public record DebateView(String id, String topic, String question, List<String> options, List<String> participants,
            List<String> taskIds, String createdBy, Instant createdAt, Instant deadline, String status, String outcome,
            String decidedBy, String decidedByKind, String resolutionReason, Instant closedAt, Map<String, Long> tally,
            List<String> waitingFor, List<ResponseView> responses) {
    }
}
