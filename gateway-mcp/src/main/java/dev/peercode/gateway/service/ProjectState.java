package dev.peercode.gateway.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.peercode.gateway.client.LockDtos.LastPush;

/**
 * What an agent needs on start-up, compact: the project, its phases with task counts, one page of
 * tasks (open ones first by default), full details only of the tasks asked for, active sessions, live
 * locks, open debates, the push token, and {@code lastSeq} to poll deltas from. Empty members are left
 * out of the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
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
        List<String> unavailable) {

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Project(String id, String name, String description, String repositoryUrl, String syncBranch) {
    }

    /** {@code counts}: tasks per status, only the non-zero ones. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Phase(String id, String name, String status, Map<String, Integer> counts) {
    }

    /**
     * One page of tasks. {@code filter} says which (e.g. "open": not done/cancelled); {@code total} how
     * many match; {@code nextOffset} is present when there are more.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record TaskPage(String filter, int total, int offset, List<TaskBrief> items, Integer nextOffset) {
    }

    /** A task in one line: no description, no files (ask with taskIds for those). {@code v} is its version. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record TaskBrief(String id, String phaseId, String title, String status, String assignee, int priority,
            long v, List<String> dependsOn) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record TaskDetail(String id, String phaseId, int position, String title, String description, String status,
            String assignee, int priority, List<String> expectedFiles, List<String> dependsOn, long version,
            Instant updatedAt) {
    }

    public record Session(String session, Instant lastSeen) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Lock(String path, String holder, String reason, String taskId, Instant expiresAt) {
    }

    /** An open debate; {@code waitingFor}: participants who have not answered yet. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Debate(String id, String topic, String status, List<String> options, List<String> waitingFor,
            Instant deadline) {
    }

    /** The push token: {@code free}, {@code held} or {@code offered}; {@code youHoldIt} for the asking session. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Sync(String state, String holder, Instant expiresAt, List<String> queue, Integer yourPosition,
            boolean youHoldIt, LastPush lastPush) {
    }
}
