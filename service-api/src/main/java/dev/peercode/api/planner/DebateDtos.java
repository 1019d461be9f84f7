package dev.peercode.api.planner;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.peercode.api.IdFormats;
import dev.peercode.rules.text.SingleLine;

/** Request and response shapes of the planner's debates. Requests leave nulls out of their JSON. */
public final class DebateDtos {

    private DebateDtos() {
    }

    /** {@code deadlineSeconds} defaults to peercode.planner.debate.default-deadline. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StartDebate(
            @NotNull @Pattern(regexp = IdFormats.SESSION) String actor,
            @NotBlank @Size(max = 200) @SingleLine String topic,
            @NotBlank @Size(max = 2000) String question,
            @NotNull @Size(min = 2, max = 10) List<@NotBlank @Size(max = 200) @SingleLine String> options,
            @NotNull @Size(min = 1, max = 20) List<@NotNull @Pattern(regexp = IdFormats.SESSION) String> participants,
            @Positive Long deadlineSeconds,
            @Size(max = 20) List<@NotNull @Pattern(regexp = IdFormats.TASK) String> taskIds) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Respond(
            @NotNull @Pattern(regexp = IdFormats.SESSION) String actor,
            @NotBlank @Size(max = 200) @SingleLine String choice,
            @Size(max = 2000) String argument) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Escalate(
            @NotNull @Pattern(regexp = IdFormats.SESSION) String actor,
            @Size(max = 500) @SingleLine String reason) {
    }

    /** A person's decision from the web UI; the gateway has checked the subject is a member. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Decide(
            @NotBlank @Size(max = 255) String memberSubject,
            @NotBlank @Size(max = 200) @SingleLine String choice,
            @Size(max = 500) @SingleLine String reason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Withdraw(
            @NotNull @Pattern(regexp = IdFormats.SESSION) String actor,
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
