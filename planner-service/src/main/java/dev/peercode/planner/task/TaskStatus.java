package dev.peercode.planner.task;

import java.util.Map;
import java.util.Set;

/** The task status machine. */
public final class TaskStatus {

    public static final String TODO = "todo";
    public static final String IN_PROGRESS = "in_progress";
    public static final String BLOCKED = "blocked";
    public static final String REVIEW = "review";
    public static final String DONE = "done";
    public static final String CANCELLED = "cancelled";

    public static final String REGEX = "todo|in_progress|blocked|review|done|cancelled";

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
