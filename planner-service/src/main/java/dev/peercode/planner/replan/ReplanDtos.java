package dev.peercode.planner.replan;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import dev.peercode.planner.common.Ids;
import dev.peercode.rules.text.SingleLine;

/** Request and response shapes of replanning. */
public final class ReplanDtos {

    private ReplanDtos() {
    }

    public record SessionPresence(@NotNull @Pattern(regexp = Ids.SESSION_REGEX) String session,
            @NotNull Instant lastSeenAt) {
    }

    public record LiveLock(@NotBlank @Size(max = 512) String path,
            @NotNull @Pattern(regexp = Ids.SESSION_REGEX) String holder) {
    }

    /** Presence and locks belong to the lock service; the gateway passes them in. */
    public record AnalyseRequest(@Size(max = 200) List<@Valid @NotNull SessionPresence> sessions,
            @Size(max = 2000) List<@Valid @NotNull LiveLock> locks) {
    }

    public record AnalysisView(long basedOnSeq, List<Finding> findings, List<PlanOperation> operations,
            List<String> criticalPath) {
    }

    public record Revise(
            @NotNull @Pattern(regexp = Ids.SESSION_REGEX) String actor,
            @NotBlank @Size(max = 500) @SingleLine String reason,
            @PositiveOrZero Long basedOnSeq,
            @NotNull @Size(min = 1, max = 100) List<@Valid @NotNull PlanOperation> operations) {
    }

    /** {@code created} maps each {@code ref} to the id it got. */
    public record RevisionView(String id, String author, String reason, Long basedOnSeq, long seq, Instant createdAt,
            List<PlanOperation> operations, Map<String, String> created) {
    }
}
