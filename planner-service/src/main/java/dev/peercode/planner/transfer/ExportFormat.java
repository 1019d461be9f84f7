package dev.peercode.planner.transfer;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import dev.peercode.api.planner.ProjectDtos;
import dev.peercode.planner.common.Ids;
import dev.peercode.rules.tasks.TaskStatus;

/**
 * The lines of a project export (JSON Lines, one object per line, each with a {@code kind}): one
 * {@code header}, then the plan ({@code phase}, {@code task}, {@code debate}, {@code revision} lines), then
 * every {@code delta} in seq order, 1 to {@code header.project.lastSeq} without a gap. The same records are
 * written by the export and read (and validated, with the same limits as the API) by the import.
 */
public final class ExportFormat {

    /** The {@code format} of the header. */
    public static final String FORMAT = "peercode-export";
    /** The version this server writes and reads. */
    public static final int VERSION = 1;

    private ExportFormat() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Header(@NotNull @Pattern(regexp = "header") String kind, @NotNull @Pattern(regexp = FORMAT) String format,
            @NotNull @Min(VERSION) @Max(VERSION) Integer version, Instant exportedAt,
            @NotNull @Valid ExportedProject project) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExportedProject(@NotNull @Pattern(regexp = Ids.PROJECT_REGEX) String id,
            @NotBlank @Size(max = 100) String name, @Size(max = 2000) String description,
            @Size(max = 500) String repositoryUrl, @NotNull @Pattern(regexp = ProjectDtos.BRANCH_REGEX) String syncBranch,
            @NotNull Instant createdAt, @NotNull @PositiveOrZero Long lastSeq) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExportedPhase(@NotNull @Pattern(regexp = "phase") String kind,
            @NotNull @Pattern(regexp = Ids.PHASE_REGEX) String id, @NotBlank @Size(max = 100) String name,
            @NotNull @PositiveOrZero Integer position, @NotNull Instant createdAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExportedTask(@NotNull @Pattern(regexp = "task") String kind,
            @NotNull @Pattern(regexp = Ids.TASK_REGEX) String id, @NotNull @Pattern(regexp = Ids.PHASE_REGEX) String phaseId,
            @NotNull @PositiveOrZero Integer position, @NotBlank @Size(max = 200) String title,
            @Size(max = 10000) String description, @NotNull @Pattern(regexp = TaskStatus.REGEX) String status,
            @Pattern(regexp = Ids.SESSION_REGEX) String assignee, @NotNull @Min(0) @Max(4) Integer priority,
            @NotNull @Size(max = 100) List<@NotNull @Size(min = 1, max = 512) String> expectedFiles,
            @NotNull @Size(max = 200) List<@NotNull @Pattern(regexp = Ids.TASK_REGEX) String> dependsOn,
            @NotNull @PositiveOrZero Long version, @NotNull Instant createdAt, @NotNull Instant updatedAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExportedDebate(@NotNull @Pattern(regexp = "debate") String kind,
            @NotNull @Pattern(regexp = Ids.DEBATE_REGEX) String id, @NotBlank @Size(max = 200) String topic,
            @NotBlank @Size(max = 2000) String question,
            @NotNull @Size(min = 2, max = 10) List<@NotBlank @Size(max = 200) String> options,
            @NotNull @Size(max = 20) List<@NotNull @Pattern(regexp = Ids.SESSION_REGEX) String> participants,
            @NotNull @Size(max = 20) List<@NotNull @Pattern(regexp = Ids.TASK_REGEX) String> taskIds,
            @NotNull @Pattern(regexp = Ids.SESSION_REGEX) String createdBy, @NotNull Instant createdAt,
            @NotNull Instant deadline, @NotNull @Pattern(regexp = "open|resolved|escalated|withdrawn") String status,
            @Size(max = 200) String outcome, @Size(max = 255) String decidedBy,
            @Pattern(regexp = "majority|person") String decidedByKind, @Size(max = 500) String resolutionReason,
            Instant closedAt, @NotNull @Size(max = 20) List<@NotNull @Valid ExportedResponse> responses) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExportedResponse(@NotNull @Pattern(regexp = Ids.SESSION_REGEX) String session,
            @NotBlank @Size(max = 200) String choice, @Size(max = 2000) String argument, @NotNull Instant answeredAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExportedRevision(@NotNull @Pattern(regexp = "revision") String kind,
            @NotNull @Pattern(regexp = "rev_[A-Za-z0-9_-]{12}") String id,
            @NotNull @Size(min = 1, max = 64) String author, @NotBlank @Size(max = 500) String reason,
            @NotNull JsonNode operations, @PositiveOrZero Long basedOnSeq, @NotNull @Positive Long seq,
            @NotNull Instant createdAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ExportedDelta(@NotNull @Pattern(regexp = "delta") String kind, @NotNull @Positive Long seq,
            @NotBlank @Size(max = 32) String type, @Size(max = 64) String actor, @NotNull Instant at,
            @NotNull @Size(max = 500) String summary, @NotNull Map<String, Object> data,
            @NotNull @Size(max = 1000) List<@NotNull @Size(max = 64) String> taskIds,
            @NotNull @Size(max = 1000) List<@NotNull @Size(max = 512) String> paths) {
    }
}
