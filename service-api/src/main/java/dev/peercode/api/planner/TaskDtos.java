package dev.peercode.api.planner;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.peercode.api.IdFormats;
import dev.peercode.rules.tasks.TaskStatus;
import dev.peercode.rules.text.SingleLine;

/**
 * Request shapes of the planner's phases and tasks. {@code actor} is the acting session, passed by the gateway;
 * nulls are left out of the JSON (absent means unchanged).
 */
public final class TaskDtos {

    private TaskDtos() {
    }

    public static final int MAX_FILES = 100;
    public static final int MAX_DEPENDENCIES = 50;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreatePhase(
            @NotNull @Pattern(regexp = IdFormats.SESSION) String actor,
            @NotBlank @Size(max = 100) @SingleLine String name,
            @PositiveOrZero @Max(1000) Integer position) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MovePhase(
            @NotNull @Pattern(regexp = IdFormats.SESSION) String actor,
            @NotNull @PositiveOrZero @Max(1000) Integer position) {
    }

    /** Priority: 0 (most urgent) to 4, default 2. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreateTask(
            @NotNull @Pattern(regexp = IdFormats.SESSION) String actor,
            @NotNull @Pattern(regexp = IdFormats.PHASE) String phaseId,
            @NotBlank @Size(max = 200) @SingleLine String title,
            @Size(max = 10000) String description,
            @Min(0) @Max(4) Integer priority,
            @Size(max = MAX_FILES) List<@NotBlank @Size(max = 512) String> expectedFiles,
            @Size(max = MAX_DEPENDENCIES) List<@NotNull @Pattern(regexp = IdFormats.TASK) String> dependsOn,
            @Pattern(regexp = IdFormats.SESSION) String assignee,
            @PositiveOrZero @Max(10000) Integer position) {
    }

    /**
     * Changes only what is given. {@code unassign: true} clears the assignee; {@code dependsOn} replaces
     * the whole set. Setting yourself as assignee of a task another session holds is a claim and fails.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UpdateTask(
            @NotNull @Pattern(regexp = IdFormats.SESSION) String actor,
            @PositiveOrZero Long expectedVersion,
            @Size(min = 1, max = 200) @SingleLine String title,
            @Size(max = 10000) String description,
            @Pattern(regexp = TaskStatus.REGEX) String status,
            @Pattern(regexp = IdFormats.SESSION) String assignee,
            Boolean unassign,
            @Min(0) @Max(4) Integer priority,
            @Size(max = MAX_FILES) List<@NotBlank @Size(max = 512) String> expectedFiles,
            @Size(max = MAX_DEPENDENCIES) List<@NotNull @Pattern(regexp = IdFormats.TASK) String> dependsOn) {

        public static UpdateTask status(String actor, Long expectedVersion, String status) {
            return new UpdateTask(actor, expectedVersion, null, null, status, null, null, null, null, null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClaimTask(
            @NotNull @Pattern(regexp = IdFormats.SESSION) String actor,
            @PositiveOrZero Long expectedVersion) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MoveTask(
            @NotNull @Pattern(regexp = IdFormats.SESSION) String actor,
            @PositiveOrZero Long expectedVersion,
            @NotNull @Pattern(regexp = IdFormats.PHASE) String phaseId,
            @PositiveOrZero @Max(10000) Integer position) {
    }
}
