package dev.peercode.api;

/**
 * Identifier formats of docs/internal-contracts.md that more than one service checks, as regular expressions
 * for validation, with the messages of {@link SessionId}, {@link TaskId} and {@link ProjectId}.
 */
public final class IdFormats {

    public static final String PROJECT = "proj_[A-Za-z0-9_-]{16}";
    public static final String SESSION = "[a-z0-9][a-z0-9_-]{0,63}";
    public static final String TASK = "task_[A-Za-z0-9_-]{12}";
    public static final String PHASE = "phase_[A-Za-z0-9_-]{12}";
    public static final String SESSION_MESSAGE = "must match " + SESSION;
    public static final String PROJECT_MESSAGE = "must be a project id (proj_ + 16 URL-safe characters)";
    public static final String TASK_MESSAGE = "must be a task id (task_ + 12 URL-safe characters)";

    private IdFormats() {
    }
}
