package dev.peercode.gateway.tools;

import java.util.List;

import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.OneOf;
import dev.peercode.gateway.client.LockClient;
import dev.peercode.gateway.client.LockDtos.LockView;
import dev.peercode.gateway.client.LockDtos.ReleaseLocks;
import dev.peercode.gateway.client.LockDtos.ReleaseLocksResponse;
import dev.peercode.gateway.client.LockDtos.SyncRequest;
import dev.peercode.gateway.service.ProjectGuard;
import dev.peercode.gateway.service.SyncOutcome;
import dev.peercode.gateway.tools.ToolContext.Call;
import dev.peercode.rules.sync.SyncBranch;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;

/** Taking turns pushing to the shared sync branch, through the push token. */
public class SyncTools {

    static final List<String> ACTIONS = List.of("start", "complete", "abort", "status");

    private final ToolContext context;
    private final LockClient lock;
    private final ProjectGuard projects;

    SyncTools(ToolContext context, LockClient lock, ProjectGuard projects) {
        this.context = context;
        this.lock = lock;
        this.projects = projects;
    }

    @Tool(name = "peercode_sync_github", description = "Take turns pushing to the shared sync branch (default "
            + SyncBranch.DEFAULT
            + "). action=start takes the push token when free and returns the exact git steps, or puts you "
            + "in a FIFO queue with your position. After pushing, action=complete with the token and the commit SHA "
            + "hands the token to the next in line. action=abort "
            + "gives it back or leaves the queue; action=status shows holder, queue and the last push.", structuredContent = true)
    public SyncOutcome syncGithub(
            @ToolArg(description = "What to do with the push token") @OneOf({ "start", "complete", "abort",
                    "status" }) String action,
            @ToolArg(description = "The token you were granted (complete: required; abort: optional)", required = false) @Bounds(max = 100) String token,
            @ToolArg(description = "complete: the commit you pushed (hex SHA)", required = false) @Bounds(min = 7, max = 64) String commitSha,
            @ToolArg(description = "complete: one line on what you pushed", required = false) @Bounds(max = 500) String summary,
            @ToolArg(description = "complete: your locks to release, e.g. the files pushed", required = false) List<String> releasePaths,
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
        SyncRequest request = new SyncRequest(call.session(), token, commitSha, summary);
        String p = call.projectId();
        String member = call.caller().subject();
        return switch (action) {
            case "start" -> SyncOutcome.started(call.await(() -> lock.syncStart(p, member, request)), branch(call));
            case "complete" -> released(call, releasePaths,
                    SyncOutcome.finished("complete", call.await(() -> lock.syncComplete(p, member, request)), branch(call)));
            case "abort" -> SyncOutcome.finished("abort", call.await(() -> lock.syncAbort(p, member, request)), branch(call));
            default -> SyncOutcome.status(call.await(() -> lock.syncStatus(p, call.session())), call.session(), branch(call));
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
        List<String> mine = call.await(() -> lock.locks(call.projectId(), call.session())).locks().stream()
                .map(LockView::path).filter(paths::contains).toList();
        if (mine.isEmpty()) {
            return completed.withReleased(List.of());
        }
        ReleaseLocksResponse released = call.await(() -> lock.release(call.projectId(), call.caller().subject(),
                new ReleaseLocks(call.session(), mine)));
        return completed.withReleased(released.released());
    }

    private String branch(Call call) {
        return call.run(() -> projects.syncBranch(call.projectId()));
    }

}
