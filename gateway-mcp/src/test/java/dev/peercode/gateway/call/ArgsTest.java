package dev.peercode.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.peercode.gateway.call.Args.InvalidArgument;
import dev.peercode.rules.tasks.TaskStatus;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;

/** Argument checks: each refusal names the field and the rule, as invalid params; no Quarkus boot. */
class ArgsTest {

    private static InvalidArgument refused(Runnable check) {
        try {
            check.run();
        } catch (InvalidArgument e) {
            return e;
        }
        throw new AssertionError("not refused");
    }

    @Test
    void idShapesAreCheckedAndNamed() {
        assertThat(Args.required("projectId", "proj_ABCDEFGHIJKLMNOP", Args.PROJECT, CallContext.PROJECT_RULE))
                .isEqualTo("proj_ABCDEFGHIJKLMNOP");
        InvalidArgument e = refused(() -> Args.required("projectId", "proj_short", Args.PROJECT, CallContext.PROJECT_RULE));
        assertThat(e.getMessage()).isEqualTo("Invalid argument 'projectId': " + CallContext.PROJECT_RULE);
        assertThat(e.getJsonRpcErrorCode()).isEqualTo(JsonRpcErrorCodes.INVALID_PARAMS);
        assertThat(refused(() -> Args.required("taskId", " ", Args.TASK, "x")).rule()).isEqualTo("is required");
        assertThat(Args.optional("taskId", null, Args.TASK, "x")).isNull();
        assertThat(refused(() -> Args.optional("session", "Alice", Args.SESSION, "lower case")).field())
                .isEqualTo("session");
        assertThat(Args.SESSION.matcher("a".repeat(64)).matches()).isTrue();
        assertThat(Args.SESSION.matcher("a".repeat(65)).matches()).isFalse();
    }

    @Test
    void textAndRangesAtTheirEdges() {
        assertThat(Args.text("reason", "x".repeat(200), false, 200)).hasSize(200);
        assertThat(refused(() -> Args.text("reason", "x".repeat(201), false, 200)).rule())
                .isEqualTo("must be at most 200 characters");
        assertThat(Args.text("reason", "  ", false, 200)).isNull();
        assertThat(refused(() -> Args.text("name", null, true, 100)).rule()).isEqualTo("is required");
        assertThat(Args.range("taskLimit", 1, 1, 200)).isEqualTo(1);
        assertThat(refused(() -> Args.range("taskLimit", 201, 1, 200)).rule()).isEqualTo("must be between 1 and 200");
        assertThat(refused(() -> Args.atLeastZero("after", -1L)).rule()).isEqualTo("must be 0 or more");
    }

    @Test
    void listsNameTheEntryThatIsWrong() {
        assertThat(Args.list("taskIds", List.of(), false, 20, Args.TASK, "must be a task id")).isNull();
        assertThat(refused(() -> Args.list("taskIds", List.of(), true, 20, Args.TASK, "r")).rule())
                .isEqualTo("must list at least one entry");
        assertThat(refused(() -> Args.list("taskIds", List.of("task_ABCDEFGHIJKL", "nope"), false, 20, Args.TASK,
                "must be a task id")).field()).isEqualTo("taskIds[1]");
        assertThat(refused(() -> Args.list("taskIds", Arrays.asList("task_ABCDEFGHIJKL", null), false, 20, null, null))
                .rule()).isEqualTo("must not be empty");
        assertThat(refused(() -> Args.list("paths", List.of("a", "b", "c"), false, 2, null, null)).rule())
                .isEqualTo("must list at most 2 entries");
    }

    @Test
    void oneOfAndSubjects() {
        assertThat(refused(() -> Args.oneOf("action", null, true, List.of("start", "status"))).rule())
                .isEqualTo("is required; one of start, status");
        assertThat(refused(() -> Args.oneOf("action", "go", true, List.of("start", "status"))).rule())
                .isEqualTo("must be one of start, status");
        assertThat(Args.subject("subject", "  alice@example.org ")).isEqualTo("alice@example.org");
        for (String bad : List.of("..", "a/b", "a b", "50%")) {
            assertThat(refused(() -> Args.subject("subject", bad)).field()).isEqualTo("subject");
        }
        assertThatThrownBy(() -> Args.subject("subject", "")).isInstanceOf(InvalidArgument.class);
    }

    @Test
    void taskStatusesAreThePlannersVocabulary() {
        for (String status : TaskStatus.ALL) {
            assertThat(Args.optional("status", status, Args.TASK_STATUS, Args.TASK_STATUS_RULE)).isEqualTo(status);
        }
        assertThat(refused(() -> Args.optional("status", "open", Args.TASK_STATUS, Args.TASK_STATUS_RULE)).rule())
                .isEqualTo("must be todo, in_progress, blocked, review, done or cancelled");
        assertThat(Args.listed(List.of("a"))).isEqualTo("a");
    }
}
