package dev.peercode.gateway.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.peercode.api.lock.LastPush;
import dev.peercode.rules.sync.SyncBranch;

/** Request and response shapes of the public REST API that are not the backends' own. */
public final class RestDtos {

    private RestDtos() {
    }

    public record CreateProject(
            @Schema(description = "Project name, up to 100 characters", required = true) String name,
            @Schema(description = "What it is about") String description,
            @Schema(description = "The repository, e.g. git@github.com:acme/app.git") String repositoryUrl,
            @Schema(description = "Branch the sessions sync through (default "
                    + SyncBranch.DEFAULT + ")") String syncBranch) {
    }

    /** A new agent token: its name and the member it acts for (default: the caller). */
    public record CreateToken(@Schema(required = true) String name, String memberSubject) {
    }

    public record AddMember(
            @Schema(description = "The person's OIDC subject (the sub claim of their token)", required = true) String subject,
            @Schema(description = "owner or member", required = true) String role,
            @Schema(description = "Their name until they sign in (then their identity provider's name wins)") String displayName) {
    }

    public record ChangeRole(@Schema(description = "owner or member", required = true) String role) {
    }

    public record CreatePhase(@Schema(required = true) String name, Integer position) {
    }

    public record CreateTask(@Schema(required = true) String phaseId, @Schema(required = true) String title,
            String description, Integer priority, List<String> expectedFiles, List<String> dependsOn, String assignee,
            Integer position) {
    }

    public record UpdateTask(Long expectedVersion, String title, String description, String status, String assignee,
            Boolean unassign, Integer priority, List<String> expectedFiles, List<String> dependsOn) {
    }

    public record ClaimTask(Long expectedVersion) {
    }

    public record MoveTask(@Schema(required = true) String phaseId, Integer position, Long expectedVersion) {
    }

    public record PushDelta(@Schema(required = true, enumeration = {
            "discovery", "decision", "warning", "blocker",
            "handoff", "note" }) String type, @Schema(required = true) String summary, List<String> taskIds,
            List<String> paths, Map<String, Object> data){
    }

    public record AcquireLocks(@Schema(required = true) List<String> paths, String reason, String taskId,
            Integer ttlSeconds) {
    }

    public record ReleaseLocks(
            @Schema(description = "Patterns as locked; omitted = all the session's locks") List<String> paths) {
    }

    public record ForceRelease(@Schema(required = true) String reason, List<String> paths, String holder) {
    }

    public record SyncAction(String token, String commitSha, String summary) {
    }

    public record StartDebate(@Schema(required = true) String topic, @Schema(required = true) String question,
            @Schema(required = true) List<String> options, @Schema(required = true) List<String> participants,
            Long deadlineSeconds, List<String> taskIds) {
    }

    public record RespondDebate(String choice, String argument, Boolean escalate) {
    }

    public record DecideDebate(@Schema(required = true) String choice, String reason) {
    }

    public record Replan(
            @Schema(description = "Omit for a proposal; give to apply them as one plan revision") List<Map<String, Object>> operations,
            String reason, Long basedOnSeq) {
    }

    /**
     * The pre-edit hook's answer: {@code locked} is true only when ANOTHER session holds a lock
     * overlapping {@code path}; then holder, reason, taskId and expiresAt describe the first such lock.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record LockCheck(boolean locked, String holder, String reason, String taskId, Instant expiresAt,
            String path, @Schema(description = "Every overlapping lock of other sessions") List<Object> locks) {
    }

    /** The push token as a hook sees it: state, holder, queue, and whether the asking session holds it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record SyncState(String state, String holder, Instant expiresAt, List<String> queue, Integer position,
            boolean holdsToken, String branch, LastPush lastPush) {
    }
}
