package dev.peercode.gateway.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.peercode.gateway.call.OneOf;
import dev.peercode.gateway.call.ToolAnswer;
import dev.peercode.rules.tasks.TaskStatus;

/**
 * What an agent needs on start-up, compact: the project, its phases with task counts, one page of
 * tasks (open ones first by default), full details only of the tasks asked for, active sessions, live
 * locks, open debates, the push token, and {@code lastSeq} to poll deltas from. Absent and empty
 * members are left out of the JSON ({@link ToolAnswer}); {@code unavailable} names the parts whose
 * service could not be reached.
 */
public record ProjectState(
        Project project,
        List<Phase> phases,
        TaskPage tasks,
        List<TaskDetail> taskDetails,
        List<Session> activeSessions,
        List<Lock> locks,
        List<Debate> openDebates,
        Sync sync,
        long lastSeq,
        @OneOf( {
                "activeSessions", "locks", "sync", "openDebates" }) List<String> unavailable)
        implements
            ToolAnswer{

    public record Project(String id, String name, String description, String repositoryUrl, String syncBranch)
            implements
                ToolAnswer {
    }

    /** {@code counts}: tasks per status, only the non-zero ones. */
    public record Phase(String id, String name, @OneOf( {
            "empty", TaskStatus.TODO, TaskStatus.IN_PROGRESS, TaskStatus.DONE }) String status,
            Map<String, Integer> counts) implements ToolAnswer{
    }

    /**
     * One page of tasks. {@code filter} says which (e.g. "open": not done/cancelled); {@code total} how
     * many match; {@code nextOffset} is present when there are more.
     */
    public record TaskPage(
            @OneOf( {
                    "open", "all", TaskStatus.REGEX }) String filter,
            int total, int offset, List<TaskBrief> items, Integer nextOffset) implements ToolAnswer{
    }

    /** A task in one line: no description, no files (ask with taskIds for those). {@code v} is its version. */
    public record TaskBrief(String id, String phaseId, String title,
            @OneOf(TaskStatus.REGEX) String status,
            String assignee,
            int priority, long v, List<String> dependsOn) implements ToolAnswer {
    }

    public record TaskDetail(String id, String phaseId, int position, String title, String description,
            @OneOf(TaskStatus.REGEX) String status,
            String assignee,
            int priority, List<String> expectedFiles, List<String> dependsOn, long version, Instant updatedAt)
            implements
                ToolAnswer {
    }

    public record Session(String session, Instant lastSeen) implements ToolAnswer {
    }

    public record Lock(String path, String holder, String reason, String taskId, Instant expiresAt)
            implements
                ToolAnswer {
    }

    /** An open debate; {@code waitingFor}: participants who have not answered yet. */
    public record Debate(String id, String topic, @OneOf( {
            "open", "resolved", "escalated", "withdrawn" }) String status,
            List<String> options, List<String> waitingFor, Instant deadline) implements ToolAnswer{
    }

    /** The push token: {@code free}, {@code held} or {@code offered}; {@code youHoldIt} for the asking session. */
    public record Sync(@OneOf( {
            "free", "held", "offered" }) String state, String holder, Instant expiresAt,
            List<String> queue, Integer yourPosition, boolean youHoldIt, LastPush lastPush) implements ToolAnswer{
    }

    /** The last completed push: its commit, the pusher's one-line summary (when given), who and when. */
    public record LastPush(String commitSha, String summary, String by, Instant at) implements ToolAnswer {

        /** The lock service's record, or null when nothing was pushed yet. */
        public static LastPush of(dev.peercode.api.lock.LastPush last) {
            return last == null ? null : new LastPush(last.commitSha(), last.summary(), last.by(), last.at());
        }
    }
}
