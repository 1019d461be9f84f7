package dev.peercode.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.peercode.gateway.call.Args.InvalidArgument;
import dev.peercode.gateway.client.BackendProblem;
import dev.peercode.gateway.client.BackendUnavailable;
import dev.peercode.gateway.client.LockApi;
import dev.peercode.gateway.client.PlannerApi;
import dev.peercode.problem.FieldError;
import dev.peercode.problem.Problem;
import dev.peercode.problem.ProblemException;
import io.quarkiverse.mcp.server.ToolCallException;

/** Backend failures as a model reads them: one actionable line, or invalid params naming the field. */
class ToolErrorsTest {

    private static BackendProblem problem(String kind, String detail, Map<String, Object> members) {
        return new BackendProblem(new Problem(409, kind, kind, detail, List.of(), members));
    }

    @Test
    void aBackendFieldErrorIsInvalidParamsNamingTheField() {
        RuntimeException e = ToolErrors.of(new BackendProblem(
                Problem.validation(List.of(new FieldError("paths[0]", "must be relative")))));
        assertThat(e).isInstanceOf(InvalidArgument.class)
                .hasMessage("Invalid argument 'paths[0]': must be relative");
        RuntimeException whole = ToolErrors.of(new BackendProblem(new Problem(400, "validation",
                "Invalid", "ttlSeconds must be between 10 and 14400 seconds")));
        assertThat(whole).hasMessage("Invalid argument 'arguments': ttlSeconds must be between 10 and 14400 seconds");
    }

    @Test
    void theGatewaysOwnRefusalsAreToolErrorsWithTheirDetail() {
        assertThat(ToolErrors.of(CallContext.forbidden("only a project owner can add members")))
                .isInstanceOf(ToolCallException.class).hasMessage("only a project owner can add members");
        assertThat(ToolErrors.of(new ProblemException(429, "too-many-waits", "Too many waiting reads", "Not waiting")))
                .isInstanceOf(ToolCallException.class).hasMessage("Not waiting");
    }

    @Test
    void expectedFailuresAreToolErrorsThatSayWhatToDo() {
        assertThat(ToolErrors.of(problem("lock-conflict", "src/a.ts is locked by bob", Map.of("holder", "bob"))))
                .isInstanceOf(ToolCallException.class)
                .hasMessage("src/a.ts is locked by bob; pick other work, wait, or start a debate with bob "
                        + "(peercode_start_debate)");
        assertThat(ToolErrors.of(problem("not-found", "project proj_x does not exist", Map.of())).getMessage())
                .isEqualTo("project proj_x does not exist" + ToolErrors.UNKNOWN_PROJECT);
        assertThat(ToolErrors.of(ProblemException.notFound("project proj_y does not exist")).getMessage())
                .as("the gateway's own 404").isEqualTo("project proj_y does not exist" + ToolErrors.UNKNOWN_PROJECT);
        assertThat(ToolErrors.of(problem("not-found", "task task_x does not exist", Map.of())).getMessage())
                .startsWith("task task_x does not exist. Check the id");
        assertThat(ToolErrors.of(problem("version-conflict", "stale; re-read and retry", Map.of())).getMessage())
                .isEqualTo("stale; re-read and retry");
        assertThat(ToolErrors.of(problem("session-taken", "taken", Map.of("session", "alice"))).getMessage())
                .startsWith("sessionId 'alice' is in use by another member of this project");
        assertThat(ToolErrors.of(problem("other", "as the backend says", Map.of()))).hasMessage("as the backend says");
    }

    @Test
    void anUnavailableBackendIsNamedWithWhatToDo() {
        assertThat(ToolErrors.of(new BackendUnavailable(PlannerApi.SERVICE, "did not answer in time")))
                .isInstanceOf(ToolCallException.class)
                .hasMessageStartingWith("The planner (plan, tasks, deltas, debates) is unavailable right now: it did "
                        + "not answer in time. Retry in a few seconds");
        assertThat(ToolErrors.unavailable(new BackendUnavailable(LockApi.SERVICE, "cannot be reached")))
                .startsWith("The lock service (file locks, push token, presence) is unavailable");
    }

    @Test
    void otherFailuresPassUnchanged() {
        IllegalStateException bug = new IllegalStateException("bug");
        assertThat(ToolErrors.of(bug)).isSameAs(bug);
    }
}
