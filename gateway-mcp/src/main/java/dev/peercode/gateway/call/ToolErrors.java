package dev.peercode.gateway.call;

import dev.peercode.gateway.client.BackendProblem;
import dev.peercode.gateway.client.BackendUnavailable;
import dev.peercode.gateway.client.LockApi;
import dev.peercode.problem.ProblemException;
import io.quarkiverse.mcp.server.ToolCallException;

/**
 * Turns backend failures into what a model can act on: a tool error ({@code isError: true}) whose text
 * says what happened and what to do next, or an invalid-params error naming the field the backend
 * refused. Only the backends' own user-facing {@code detail} lines are passed on, never exceptions.
 */
public final class ToolErrors {

    /** After "project X does not exist": how the call named it, so the client can fix the right thing. */
    public static final String UNKNOWN_PROJECT = " (or you are not a member). Check the projectId argument or the "
            + CallContext.PROJECT_HEADER + " header (Claude Code plugin: PEERCODE_PROJECT).";

    private ToolErrors() {
    }

    /** A failure as a model reads it; anything not listed (a bug) passes unchanged. */
    public static RuntimeException of(RuntimeException e) {
        if (e instanceof BackendProblem p) {
            return of(p);
        }
        if (e instanceof ProblemException p) {
            // The gateway's own refusals say what to do; its 404 is an unknown project's.
            return new ToolCallException("not-found".equals(p.kind()) ? notFound(p.detail()) : p.detail());
        }
        if (e instanceof BackendUnavailable u) {
            return new ToolCallException(unavailable(u));
        }
        return e;
    }

    /** The message for a backend that is down or slow: which part, and to retry. */
    public static String unavailable(BackendUnavailable u) {
        String part = LockApi.SERVICE.equals(u.service())
                ? "The lock service (file locks, push token, presence)"
                : "The planner (plan, tasks, deltas, debates)";
        return part + " is unavailable right now: it " + u.reason()
                + ". Retry in a few seconds; if this was a change, re-read the state first, it may have been applied.";
    }

    private static RuntimeException of(BackendProblem p) {
        String detail = p.detail();
        return switch (p.kind()) {
            case "validation" -> invalidParams(p);
            case "not-found" -> new ToolCallException(notFound(detail));
            case "lock-conflict" -> new ToolCallException(detail + "; pick other work, wait"
                    + p.member("holder").map(h -> ", or start a debate with " + h + " (peercode_start_debate)")
                            .orElse(""));
            case "version-conflict" -> new ToolCallException(detail.endsWith("retry") ? detail
                    : detail + "; re-read it (peercode_get_project with taskIds) and retry");
            case LockApi.SESSION_TAKEN -> new ToolCallException("sessionId '" + p.member("session").orElse("")
                    + "' is in use by another member of this project: a session name belongs to the member who acts "
                    + "as it until it has been idle for the presence window and holds no lock or push turn. Use a "
                    + "sessionId of your own (Claude Code plugin: PEERCODE_SESSION).");
            case "rate-limited" -> new ToolCallException("Too many calls; slow down and retry in a few seconds.");
            default -> new ToolCallException(detail);
        };
    }

    private static String notFound(String detail) {
        return detail.startsWith("project ") ? detail + UNKNOWN_PROJECT
                : detail + ". Check the id: peercode_get_project lists the project's phases, tasks and debates.";
    }

    private static RuntimeException invalidParams(BackendProblem p) {
        if (!p.errors().isEmpty()) {
            return Args.invalid(p.errors().get(0).field(), p.errors().get(0).message());
        }
        return Args.invalid("arguments", p.detail());
    }
}
