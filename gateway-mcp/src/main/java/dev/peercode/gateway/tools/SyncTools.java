package dev.peercode.gateway.tools;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.peercode.gateway.client.LockClient;
import dev.peercode.gateway.client.LockDtos.LockView;
import dev.peercode.gateway.client.LockDtos.ReleaseLocks;
import dev.peercode.gateway.client.LockDtos.ReleaseLocksResponse;
import dev.peercode.gateway.client.LockDtos.SyncRequest;
import dev.peercode.gateway.client.LockDtos.SyncResult;
import dev.peercode.gateway.client.LockDtos.SyncStart;
import dev.peercode.gateway.client.LockDtos.SyncStatus;
import dev.peercode.gateway.service.ProjectGuard;
import dev.peercode.gateway.service.ProjectState.LastPush;
import dev.peercode.gateway.tools.ToolContext.Call;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;

/** Taking turns pushing to the shared sync branch, through the push token. */
public class SyncTools {

    static final List<String> ACTIONS = List.of("start", "complete", "abort", "status");

    /** The lock client's own read timeout bounds the call; this only keeps a lost answer from hanging the tool. */
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(5);

    private final ToolContext context;
    private final LockClient lock;
    private final ProjectGuard projects;

    SyncTools(ToolContext context, LockClient lock, ProjectGuard projects) {
        this.context = context;
        this.lock = lock;
        this.projects = projects;
    }

    /**
     * The push token after an action. {@code status}: granted, queued, completed, released, declined,
     * left-queue, free, held or offered. When granted: {@code token} (pass it to complete) and
     * {@code gitSteps}, to run in order. {@code next} says what to do now.
     */
    public record SyncOutcome(@OneOf( {
            "start", "complete", "abort", "status" }) String action,
            @OneOf({ "granted", "queued", "completed", "released", "declined", "left-queue", "free", "held",
                    "offered" }) String status,
            String branch, String token, Instant expiresAt, String holder, Integer position, List<String> queue,
            String nextInQueue, LastPush lastPush, List<String> gitSteps, List<String> released,
            String next) implements ToolAnswer{

        SyncOutcome withReleased(List<String> paths) {
            return new SyncOutcome(action, status, branch, token, expiresAt, holder, position, queue, nextInQueue,
                    lastPush, gitSteps, paths, next);
        }
    }

    @Tool(name = "peercode_sync_github", description = "Take turns pushing to the shared sync branch (default "
            + "peer-progress). action=start takes the push token when free and returns the exact git steps, or puts you "
            + "in a FIFO queue with your position. After pushing, action=complete with the token and the commit SHA "
            + "hands the token to the next in line. action=abort "
            + "gives it back or leaves the queue; action=status shows holder, queue and the last push.", structuredContent = true)
    public SyncOutcome syncGithub(
            @ToolArg(description = "What to do with the push token") @OneOf({ "start", "complete", "abort",
                    "status" }) String action,
            @ToolArg(description = "The token you were granted (complete: required; abort: optional)", required = false) @Bounds(max = 100) String token,
            @ToolArg(description = "complete: the commit you pushed (hex SHA)", required = false) @Bounds(min = 7, max = 64) String commitSha,
            @ToolArg(description = "complete: one line on what you pushed", required = false) @Bounds(max = 500) String summary,
            @ToolArg(description = "complete: your locks to release, e.g. the files pushed", required = false) @Bounds(max = 50) List<String> releasePaths,
            @ToolArg(description = ToolDocs.PROJECT, required = false) String projectId,
            @ToolArg(description = ToolDocs.SESSION, required = false) String sessionId) {
        Call call = context.begin(projectId, sessionId);
        Args.oneOf("action", action, true, ACTIONS);
        Args.text("token", token, false, 100);
        Args.optional("commitSha", commitSha, Args.COMMIT, "must be a hexadecimal commit SHA (7 to 64 characters)");
        Args.text("summary", summary, false, 500);
        if ("complete".equals(action) && token == null) {
            throw Args.invalid("token", "is required to complete: pass the token start granted you");
        }
        Args.list("releasePaths", releasePaths, false, 50, null, null);
        SyncRequest request = new SyncRequest(call.session(), token, commitSha, summary);
        String p = call.projectId();
        String member = call.caller().subject();
        return switch (action) {
            case "start" -> started(call.run(() -> lock.syncStart(p, member, request)), branch(call));
            case "complete" -> released(call, releasePaths,
                    finished("complete", call.run(() -> lock.syncComplete(p, member, request)), branch(call)));
            case "abort" -> finished("abort", call.run(() -> lock.syncAbort(p, member, request)), branch(call));
            default -> status(call.run(() -> lock.syncStatus(p, call.session())), call.session(), branch(call));
        };
    }

    /**
     * After a recorded push, those of the named paths the caller holds go back (as {@code peercode_release_lock}
     * would, each a {@code lock.released} delta); another session's lock among them is simply not released, so
     * the answer never turns a recorded push into an error.
     */
    private SyncOutcome released(Call call, List<String> paths, SyncOutcome completed) {
        if (paths == null || paths.isEmpty()) {
            return completed;
        }
        List<String> mine = call.run(() -> lock.locks(call.projectId(), call.session())).locks().stream()
                .map(LockView::path).filter(paths::contains).toList();
        if (mine.isEmpty()) {
            return completed.withReleased(List.of());
        }
        ReleaseLocksResponse released = call.run(() -> lock.release(call.projectId(), call.caller().subject(),
                new ReleaseLocks(call.session(), mine)).await().atMost(RELEASE_WAIT));
        return completed.withReleased(released.released());
    }

    private String branch(Call call) {
        return call.run(() -> projects.syncBranch(call.projectId()));
    }

    /** The exact git steps for pushing the current commit onto the sync branch. */
    public static List<String> gitSteps(String branch) {
        return List.of(
                "git fetch origin " + branch,
                "git rebase origin/" + branch,
                "git push origin HEAD:" + branch,
                "git rev-parse HEAD");
    }

    public static SyncOutcome started(SyncStart s, String branch) {
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

    public static SyncOutcome finished(String action, SyncResult r, String branch) {
        String next = r.next() == null ? "The push token is free."
                : "The token is offered to " + r.next() + " until " + r.claimUntil() + ".";
        return new SyncOutcome(action, r.result(), branch, null, null, null, null, null, r.next(), LastPush.of(r.lastPush()),
                null, null, next);
    }

    public static SyncOutcome status(SyncStatus s, String session, String branch) {
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
