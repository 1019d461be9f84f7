package dev.peercode.api.planner;

import java.time.Instant;
import java.util.List;

/** What the project's history says, derived from its delta log by the planner (the web UI's pictures draw it). */
public final class HistoryDtos {

    private HistoryDtos() {
    }

    /**
     * A task of today's plan (cancelled ones left out) with when it was created and when it was (last) done;
     * {@code doneAt} is null unless its status is {@code done} now.
     */
    public record TaskDates(String taskId, String phaseId, Instant createdAt, Instant doneAt) {
    }

    /** Every task of the plan but the cancelled ones, by phase and position. */
    public record TaskHistory(List<TaskDates> tasks) {
    }

    /**
     * One thing a session held over a time span, or did at one moment ({@code from == to}). {@code kind}:
     * {@code task} ({@code taskId}, {@code label} its title), {@code lock} (the {@code paths} of locks held at
     * once, joined where they overlap), {@code token} (the push token), {@code push} ({@code label} the commit
     * SHA, may be null) or {@code debate} ({@code label} the step: started, responded, …). {@code ongoing}: still
     * held at the window's end.
     */
    public record SessionSpan(String session, String kind, Instant from, Instant to, String taskId, String label,
            List<String> paths, boolean ongoing) {
    }

    /** The spans within {@code [since, until]}, by session, then by start. */
    public record SessionHistory(Instant since, Instant until, List<SessionSpan> spans) {
    }
}
