package dev.peercode.gateway.service;

import java.time.Instant;
import java.util.List;

import dev.peercode.api.lock.SyncResultResponse;
import dev.peercode.api.lock.SyncStartResponse;
import dev.peercode.api.lock.SyncStatusResponse;
import dev.peercode.gateway.call.OneOf;
import dev.peercode.gateway.call.ToolAnswer;
import dev.peercode.gateway.service.ProjectState.LastPush;

/**
 * The push token after an action. When granted: {@code token} (pass it to complete) and {@code gitSteps}, to run in
 * order. {@code next} says what to do now.
 */
public record SyncOutcome(@OneOf( {
        "start", "complete", "abort", "status" }) String action,
        @OneOf({ "granted", "queued", "completed", "released", "declined", "left-queue", "free", "held",
                "offered" }) String status,
        String branch, String token, Instant expiresAt, String holder, Integer position, List<String> queue,
        String nextInQueue, LastPush lastPush, List<String> gitSteps, List<String> released,
        String next) implements ToolAnswer{

    public SyncOutcome withReleased(List<String> paths) {
        return new SyncOutcome(action, status, branch, token, expiresAt, holder, position, queue, nextInQueue,
                lastPush, gitSteps, paths, next);
    }

    /** The exact git steps for pushing the current commit onto the sync branch. */
    public static List<String> gitSteps(String branch) {
        return List.of(
                "git fetch origin " + branch,
                "git rebase origin/" + branch,
                "git push origin HEAD:" + branch,
                "git rev-parse HEAD");
    }

    public static SyncOutcome started(SyncStartResponse s, String branch) {
        if ("granted".equals(s.status())) {
            return new SyncOutcome("start", "granted", branch, s.token(), s.expiresAt(), null, null, null, null,
                    LastPush.of(s.lastPush()), gitSteps(branch), null,
                    "Run gitSteps in order before expiresAt (on the very first push, "
                            + "when origin has no " + branch + " yet, skip fetch and rebase), then call "
                            + "peercode_sync_github action=complete with this token and the commitSha git rev-parse "
                            + "printed. If the rebase conflicts, resolve it, or call action=abort to let the next "
                            + "session push.");
        }
        return new SyncOutcome("start", "queued", branch, null, s.expiresAt(), s.holder(), s.position(), null, null,
                LastPush.of(s.lastPush()), null, null, "You are number " + s.position() + " in the queue behind " + s.holder()
                        + ". Keep working; you will see a sync.granted delta when it is your turn, then call "
                        + "action=start again to take the token.");
    }

    public static SyncOutcome finished(String action, SyncResultResponse r, String branch) {
        String next = r.next() == null ? "The push token is free."
                : "The token is offered to " + r.next() + " until " + r.claimUntil() + ".";
        return new SyncOutcome(action, r.result(), branch, null, null, null, null, null, r.next(), LastPush.of(r.lastPush()),
                null, null, next);
    }

    public static SyncOutcome status(SyncStatusResponse s, String session, String branch) {
        String next = switch (s.state()) {
            case "free" -> "Free: action=start takes it.";
            case "offered" -> session.equals(s.holder()) ? "It is offered to you: action=start to take it now."
                    : "Offered to " + s.holder() + "; action=start queues you.";
            default -> session.equals(s.holder()) ? "You hold it: push, then action=complete."
                    : "Held by " + s.holder() + "; action=start queues you.";
        };
        return new SyncOutcome("status", s.state(), branch, null, s.expiresAt(), s.holder(), s.position(), s.queue(),
                null, LastPush.of(s.lastPush()), null, null, next);
    }
}
