package dev.peercode.gateway.client;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The lock-service's internal API shapes, as the gateway reads and writes them. */
public final class LockDtos {

    private LockDtos() {
    }

    public record LockView(String path, String holder, String reason, String taskId, long fencingToken,
            Instant acquiredAt, Instant expiresAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AcquireLocks(String session, List<String> paths, String reason, String taskId, Integer ttlSeconds) {
    }

    public record AcquireLocksResponse(Long fencingToken, List<String> acquired, List<String> renewed,
            List<LockView> locks) {
    }

    public record LockList(List<LockView> locks) {
    }

    public record LockCheck(String path, boolean locked, List<LockView> locks) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReleaseLocks(String session, List<String> paths) {
    }

    public record ReleaseLocksResponse(List<String> released, List<String> notHeld) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ForceRelease(String forcedBy, String reason, List<String> paths, String session) {
    }

    public record ForceReleaseResponse(List<LockView> released) {
    }

    public record PresenceView(String session, Instant lastSeen) {
    }

    public record PresenceList(List<PresenceView> sessions, long windowSeconds) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SyncRequest(String session, String token, String commitSha, String summary) {
    }

    public record LastPush(String commitSha, String summary, String by, Instant at) {
    }

    public record SyncStart(String status, String token, Instant expiresAt, Integer position, String holder,
            LastPush lastPush) {
    }

    public record SyncResult(String result, String next, Instant claimUntil, LastPush lastPush) {
    }

    public record SyncStatus(String state, String holder, Instant expiresAt, List<String> queue, Integer position,
            LastPush lastPush) {
    }
}
