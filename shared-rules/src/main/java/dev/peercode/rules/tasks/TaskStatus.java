package dev.peercode.rules.tasks;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The task status vocabulary and its machine (DESIGN.md §2): the one source for the planner, which
 * owns it, and for anything that validates or displays a status.
 */
public final class TaskStatus {

    public static final String TODO = "todo";
    public static final String IN_PROGRESS = "in_progress";
    public static final String BLOCKED = "blocked";
    public static final String REVIEW = "review";
    public static final String DONE = "done";
    public static final String CANCELLED = "cancelled";

    /** Every status, in the order of the machine. */
    public static final List<String> ALL = List.of(TODO, IN_PROGRESS, BLOCKED, REVIEW, DONE, CANCELLED);
    /** Any status, for {@code @Pattern} (a constant expression, so usable in an annotation). */
    public static final String REGEX = TODO + "|" + IN_PROGRESS + "|" + BLOCKED + "|" + REVIEW + "|" + DONE + "|"
            + CANCELLED;

    /** Reopening (done/cancelled back to todo) is allowed; skipping straight from todo to done is not. */
    private static final Map<String, Set<String>> NEXT = Map.of(
            TODO, Set.of(IN_PROGRESS, BLOCKED, CANCELLED),
            IN_PROGRESS, Set.of(TODO, BLOCKED, REVIEW, DONE, CANCELLED),
            BLOCKED, Set.of(TODO, IN_PROGRESS, CANCELLED),
            REVIEW, Set.of(IN_PROGRESS, TODO, DONE, CANCELLED),
            DONE, Set.of(TODO),
            CANCELLED, Set.of(TODO));

    private TaskStatus() {
    }

    public static boolean canMove(String from, String to) {
        return from.equals(to) || NEXT.getOrDefault(from, Set.of()).contains(to);
    }

    public static Set<String> nextOf(String from) {
        return NEXT.getOrDefault(from, Set.of());
    }

    public static boolean isFinished(String status) {
        return DONE.equals(status) || CANCELLED.equals(status);
    }
}
