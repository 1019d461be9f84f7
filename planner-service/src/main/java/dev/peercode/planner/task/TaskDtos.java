package dev.peercode.planner.task;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import dev.peercode.planner.common.Ids;
import dev.peercode.rules.tasks.TaskStatus;
import dev.peercode.rules.text.SingleLine;

/** Request shapes of phases and tasks. {@code actor} is the acting session, passed by the gateway. */
public final class TaskDtos {

    private TaskDtos() {
    }

    public static final int MAX_FILES = 100;
    public static final int MAX_DEPENDENCIES = 50;

    public record CreatePhase(
            @NotNull @Pattern(regexp = Ids.SESSION_REGEX) String actor,
            @NotBlank @Size(max = 100) @SingleLine String name,
            @PositiveOrZero @Max(1000) Integer position) {
    }

    public record MovePhase(
            @NotNull @Pattern(regexp = Ids.SESSION_REGEX) String actor,
            @NotNull @PositiveOrZero @Max(1000) Integer position) {
    }

    /** Priority: 0 (most urgent) to 4, default 2. */
    public record CreateTask(
            @NotNull @Pattern(regexp = Ids.SESSION_REGEX) String actor,
            @NotNull @Pattern(regexp = Ids.PHASE_REGEX) String phaseId,
            @NotBlank @Size(max = 200) @SingleLine String title,
            @Size(max = 10000) String description,
            @Min(0) @Max(4) Integer priority,
            @Size(max = MAX_FILES) List<@NotBlank @Size(max = 512) String> expectedFiles,
            @Size(max = MAX_DEPENDENCIES) List<@NotNull @Pattern(regexp = Ids.TASK_REGEX) String> dependsOn,
            @Pattern(regexp = Ids.SESSION_REGEX) String assignee,
            @PositiveOrZero @Max(10000) Integer position) {
    }

    /**
     * Changes only what is given. {@code unassign: true} clears the assignee; {@code dependsOn} replaces
     * the whole set. Setting yourself as assignee of a task another session holds is a claim and fails.
     */
    public record UpdateTask(
            @NotNull @Pattern(regexp = Ids.SESSION_REGEX) String actor,
            @PositiveOrZero Long expectedVersion,
            @Size(min = 1, max = 200) @SingleLine String title,
            @Size(max = 10000) String description,
            @Pattern(regexp = TaskStatus.REGEX) String status,
            @Pattern(regexp = Ids.SESSION_REGEX) String assignee,
            Boolean unassign,
            @Min(0) @Max(4) Integer priority,
            @Size(max = MAX_FILES) List<@NotBlank @Size(max = 512) String> expectedFiles,
            @Size(max = MAX_DEPENDENCIES) List<@NotNull @Pattern(regexp = Ids.TASK_REGEX) String> dependsOn) {

        public static UpdateTask status(String actor, Long expectedVersion, String status) {
            return new UpdateTask(actor, expectedVersion, null, null, status, null, null, null, null, null);
        }
    }

    public record ClaimTask(
            @NotNull @Pattern(regexp = Ids.SESSION_REGEX) String actor,
            @PositiveOrZero Long expectedVersion) {
    }

    public record MoveTask(
            @NotNull @Pattern(regexp = Ids.SESSION_REGEX) String actor,
            @PositiveOrZero Long expectedVersion,
            @NotNull @Pattern(regexp = Ids.PHASE_REGEX) String phaseId,
            @PositiveOrZero @Max(10000) Integer position) {
    }
}
