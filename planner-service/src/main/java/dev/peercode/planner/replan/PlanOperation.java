package dev.peercode.planner.replan;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import dev.peercode.planner.common.Ids;
import dev.peercode.rules.tasks.TaskStatus;
import dev.peercode.rules.text.SingleLine;

/**
 * One operation of a plan revision, proposed by the analysis or sent by an agent: one record per
 * operation. On the wire it stays one flat JSON object with an {@code op} discriminator (simple for
 * models; DESIGN.md §5), holding only the fields its operation uses:
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
 * A missing or unknown {@code op} reads as {@link Unknown}, which validation refuses naming
 * {@code operations[i].op}. Fields an operation does not use are ignored, as they always were.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "op", visible = true, defaultImpl = PlanOperation.Unknown.class)
@JsonSubTypes({
        @JsonSubTypes.Type(value = PlanOperation.CreateTask.class, name = PlanOperation.CREATE_TASK),
        @JsonSubTypes.Type(value = PlanOperation.UpdateTask.class, name = PlanOperation.UPDATE_TASK),
        @JsonSubTypes.Type(value = PlanOperation.MoveTask.class, name = PlanOperation.MOVE_TASK),
        @JsonSubTypes.Type(value = PlanOperation.AddDependency.class, name = PlanOperation.ADD_DEPENDENCY),
        @JsonSubTypes.Type(value = PlanOperation.RemoveDependency.class, name = PlanOperation.REMOVE_DEPENDENCY),
        @JsonSubTypes.Type(value = PlanOperation.CreatePhase.class, name = PlanOperation.CREATE_PHASE),
        @JsonSubTypes.Type(value = PlanOperation.ReorderPhase.class, name = PlanOperation.REORDER_PHASE),
        @JsonSubTypes.Type(value = PlanOperation.Unassign.class, name = PlanOperation.UNASSIGN),
        @JsonSubTypes.Type(value = PlanOperation.Cancel.class, name = PlanOperation.CANCEL) })
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface PlanOperation {

    String CREATE_TASK = "create_task";
    String UPDATE_TASK = "update_task";
    String MOVE_TASK = "move_task";
    String ADD_DEPENDENCY = "add_dependency";
    String REMOVE_DEPENDENCY = "remove_dependency";
    String CREATE_PHASE = "create_phase";
    String REORDER_PHASE = "reorder_phase";
    String UNASSIGN = "unassign";
    String CANCEL = "cancel";

    String OPS = CREATE_TASK + "|" + UPDATE_TASK + "|" + MOVE_TASK + "|" + ADD_DEPENDENCY + "|" + REMOVE_DEPENDENCY
            + "|" + CREATE_PHASE + "|" + REORDER_PHASE + "|" + UNASSIGN + "|" + CANCEL;
    String REF = "[a-z0-9][a-z0-9_-]{0,31}";
    String TASK_OR_REF = Ids.TASK_REGEX + "|\\$" + REF;
    String PHASE_OR_REF = Ids.PHASE_REGEX + "|\\$" + REF;

    /** The discriminator, as on the wire. */
    String op();

    /** An operation on an existing task (or one created earlier in the revision, as {@code $ref}). */
    sealed interface OnTask extends PlanOperation {

        String taskId();

        /** When given, the whole revision fails unless the task is still at this version. */
        Long expectedVersion();
    }

    record CreateTask(
            @Pattern(regexp = TASK_OR_REF) String taskId,
            @Pattern(regexp = PHASE_OR_REF) String phaseId,
            @PositiveOrZero @Max(10000) Integer position,
            @Size(min = 1, max = 200) @SingleLine String title,
            @Size(max = 10000) String description,
            @Min(0) @Max(4) Integer priority,
            @Size(max = 100) List<@NotNull @Size(min = 1, max = 512) String> expectedFiles,
            @Pattern(regexp = TASK_OR_REF) String dependsOn,
            @Pattern(regexp = Ids.SESSION_REGEX) String assignee,
            @Pattern(regexp = REF) String ref) implements PlanOperation {

        @Override
        public String op() {
            return CREATE_TASK;
        }

        /** As applied: with the id the task got and its dependency resolved. */
        CreateTask applied(String id, String phase, String dependency) {
            return new CreateTask(id, phase, position, title, description, priority, expectedFiles, dependency,
                    assignee, ref);
        }
    }

    /** {@code dependsOn} is only read to refuse it: dependencies change through their own operations. */
    record UpdateTask(
            @Pattern(regexp = TASK_OR_REF) String taskId,
            @PositiveOrZero Long expectedVersion,
            @Size(min = 1, max = 200) @SingleLine String title,
            @Size(max = 10000) String description,
            @Min(0) @Max(4) Integer priority,
            @Size(max = 100) List<@NotNull @Size(min = 1, max = 512) String> expectedFiles,
            @Pattern(regexp = TASK_OR_REF) String dependsOn,
            @Pattern(regexp = TaskStatus.REGEX) String status,
            @Pattern(regexp = Ids.SESSION_REGEX) String assignee) implements OnTask {

        public static UpdateTask status(String taskId, long version, String status) {
            return new UpdateTask(taskId, version, null, null, null, null, null, status, null);
        }

        public static UpdateTask assign(String taskId, long version, String session) {
            return new UpdateTask(taskId, version, null, null, null, null, null, null, session);
        }

        @Override
        public String op() {
            return UPDATE_TASK;
        }

        boolean changesNothing() {
            return title == null && description == null && status == null && assignee == null && priority == null
                    && expectedFiles == null;
        }

        UpdateTask applied(String id) {
            return new UpdateTask(id, expectedVersion, title, description, priority, expectedFiles, dependsOn, status,
                    assignee);
        }
    }

    record MoveTask(
            @Pattern(regexp = TASK_OR_REF) String taskId,
            @PositiveOrZero Long expectedVersion,
            @Pattern(regexp = PHASE_OR_REF) String phaseId,
            @PositiveOrZero @Max(10000) Integer position) implements OnTask {

        @Override
        public String op() {
            return MOVE_TASK;
        }
    }

    record AddDependency(
            @Pattern(regexp = TASK_OR_REF) String taskId,
            @PositiveOrZero Long expectedVersion,
            @Pattern(regexp = TASK_OR_REF) String dependsOn) implements OnTask {

        public AddDependency(String taskId, String dependsOn) {
            this(taskId, null, dependsOn);
        }

        @Override
        public String op() {
            return ADD_DEPENDENCY;
        }
    }

    record RemoveDependency(
            @Pattern(regexp = TASK_OR_REF) String taskId,
            @PositiveOrZero Long expectedVersion,
            @Pattern(regexp = TASK_OR_REF) String dependsOn) implements OnTask {

        public RemoveDependency(String taskId, String dependsOn) {
            this(taskId, null, dependsOn);
        }

        @Override
        public String op() {
            return REMOVE_DEPENDENCY;
        }
    }

    record CreatePhase(
            @Pattern(regexp = PHASE_OR_REF) String phaseId,
            @PositiveOrZero @Max(10000) Integer position,
            @Size(min = 1, max = 100) @SingleLine String name,
            @Pattern(regexp = REF) String ref) implements PlanOperation {

        @Override
        public String op() {
            return CREATE_PHASE;
        }
    }

    record ReorderPhase(
            @Pattern(regexp = PHASE_OR_REF) String phaseId,
            @PositiveOrZero @Max(10000) Integer position) implements PlanOperation {

        @Override
        public String op() {
            return REORDER_PHASE;
        }
    }

    record Unassign(
            @Pattern(regexp = TASK_OR_REF) String taskId,
            @PositiveOrZero Long expectedVersion) implements OnTask {

        @Override
        public String op() {
            return UNASSIGN;
        }
    }

    record Cancel(
            @Pattern(regexp = TASK_OR_REF) String taskId,
            @PositiveOrZero Long expectedVersion) implements OnTask {

        @Override
        public String op() {
            return CANCEL;
        }
    }

    /** A missing or unknown {@code op}: never valid, so validation names the field. */
    record Unknown(@NotNull @Pattern(regexp = OPS) String op) implements PlanOperation {
    }
}
