package dev.peercode.planner.replan;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.peercode.planner.common.Ids;
import dev.peercode.rules.tasks.TaskStatus;
import dev.peercode.rules.text.SingleLine;

/**
 * One operation of a plan revision, proposed by the analysis or sent by an agent. A flat record with
 * an {@code op} discriminator keeps the JSON simple for models; which fields an op uses:
 * <ul>
 * <li>{@code create_task}: phaseId, title, description?, priority?, expectedFiles?, dependsOn? (one
 * task; add more with add_dependency), assignee?, position?, ref? (a name later operations use as
 * {@code $ref} for its id)</li>
 * <li>{@code update_task}: taskId, expectedVersion?, title?, description?, status?, assignee?,
 * priority?, expectedFiles?</li>
 * <li>{@code move_task}: taskId, expectedVersion?, phaseId, position?</li>
 * <li>{@code add_dependency} / {@code remove_dependency}: taskId, dependsOn (one id)</li>
 * <li>{@code create_phase}: name, position?, ref?; {@code reorder_phase}: phaseId, position</li>
 * <li>{@code unassign} / {@code cancel}: taskId, expectedVersion?</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlanOperation(
        @NotNull @Pattern(regexp = OPS) String op,
        @Pattern(regexp = TASK_OR_REF) String taskId,
        @PositiveOrZero Long expectedVersion,
        @Pattern(regexp = PHASE_OR_REF) String phaseId,
        @PositiveOrZero @Max(10000) Integer position,
        @Size(min = 1, max = 200) @SingleLine String title,
        @Size(max = 10000) String description,
        @Min(0) @Max(4) Integer priority,
        @Size(max = 100) List<@NotNull @Size(min = 1, max = 512) String> expectedFiles,
        @Pattern(regexp = TASK_OR_REF) String dependsOn,
        @Pattern(regexp = TaskStatus.REGEX) String status,
        @Pattern(regexp = Ids.SESSION_REGEX) String assignee,
        @Size(min = 1, max = 100) @SingleLine String name,
        @Pattern(regexp = REF) String ref) {

    public static final String OPS = "create_task|update_task|move_task|add_dependency|remove_dependency"
            + "|create_phase|reorder_phase|unassign|cancel";
    public static final String REF = "[a-z0-9][a-z0-9_-]{0,31}";
    public static final String TASK_OR_REF = Ids.TASK_REGEX + "|\\$" + REF;
    public static final String PHASE_OR_REF = Ids.PHASE_REGEX + "|\\$" + REF;

    public static PlanOperation unassign(String taskId, long version) {
        return new PlanOperation("unassign", taskId, version, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    public static PlanOperation status(String taskId, long version, String status) {
        return new PlanOperation("update_task", taskId, version, null, null, null, null, null, null, null, status,
                null, null, null);
    }

    public static PlanOperation assign(String taskId, long version, String session) {
        return new PlanOperation("update_task", taskId, version, null, null, null, null, null, null, null, null,
                session, null, null);
    }

    public static PlanOperation move(String taskId, long version, String phaseId) {
        return new PlanOperation("move_task", taskId, version, phaseId, null, null, null, null, null, null, null, null,
                null, null);
    }

    public static PlanOperation addDependency(String taskId, String dependsOn) {
        return new PlanOperation("add_dependency", taskId, null, null, null, null, null, null, null, dependsOn, null,
                null, null, null);
    }

    public static PlanOperation removeDependency(String taskId, String dependsOn) {
        return new PlanOperation("remove_dependency", taskId, null, null, null, null, null, null, null, dependsOn,
                null, null, null, null);
    }
}
