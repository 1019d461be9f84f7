package dev.peercode.gateway.tools;

import java.util.List;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.peercode.api.lock.LockView;
import dev.peercode.api.lock.ReleaseLocksRequest;
import dev.peercode.api.lock.SyncRequest;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.OneOf;
import dev.peercode.gateway.client.LockApi;
import dev.peercode.gateway.service.ProjectGuard;
import dev.peercode.gateway.service.SyncOutcome;
import dev.peercode.gateway.tools.ToolContext.Call;
import dev.peercode.rules.sync.SyncBranch;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.smallrye.mutiny.Uni;

/** Taking turns pushing to the shared sync branch, through the push token. */
public class SyncTools {

    private static final List<String> ACTIONS = List.of("start", "complete", "abort", "status");

    private final ToolContext context;
    private final LockApi lock;
    private final ProjectGuard projects;

    SyncTools(ToolContext context, @RestClient LockApi lock, ProjectGuard projects) {
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
    public Uni<SyncOutcome> syncGithub(
            @ToolArg(description = "What to do with the push token") @OneOf({ "start", "complete", "abort",
                    "status" }) String action,
            @ToolArg(description = "The token you were granted (complete: required; abort: optional)", required = false) @Bounds(max = 100) String token,
            @ToolArg(description = "complete: the commit you pushed (hex SHA)", required = false) @Bounds(min = 7, max = 64) String commitSha,
            @ToolArg(description = "complete: one line on what you pushed", required = false) @Bounds(max = 500) String summary,
            @ToolArg(description = "complete: your locks to release, e.g. the files pushed", required = false) List<String> releasePaths,
            @ToolArg(description = ToolDocs.PROJECT, required = false) String projectId,
            @ToolArg(description = ToolDocs.SESSION, required = false) String sessionId) {
        return context.call(projectId, sessionId, call -> {
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
            // The lock service's answer first, then the branch: a refused token call asks the planner nothing.
            return call.<SyncOutcome> run(() -> switch (action) {
                case "start" -> projects.withBranch(p, lock.syncStart(p, member, request), SyncOutcome::started);
                case "complete" -> projects.withBranch(p, lock.syncComplete(p, member, request),
                        (done, branch) -> SyncOutcome.finished("complete", done, branch));
                case "abort" -> projects.withBranch(p, lock.syncAbort(p, member, request),
                        (done, branch) -> SyncOutcome.finished("abort", done, branch));
                default -> projects.withBranch(p, lock.syncStatus(p, call.session()),
                        (status, branch) -> SyncOutcome.status(status, call.session(), branch));
            }).chain(outcome -> "complete".equals(action) ? released(call, releasePaths, outcome)
                    : Uni.createFrom().item(outcome));
        });
    }

    /**
     * After a recorded push, those of the named paths the caller holds go back (as {@code peercode_release_lock}
     * would, each a {@code lock.released} delta); another session's lock among them is simply not released, so
     * the answer never turns a recorded push into an error.
     */
    private Uni<SyncOutcome> released(Call call, List<String> paths, SyncOutcome completed) {
        if (paths == null || paths.isEmpty()) {
            return Uni.createFrom().item(completed);
        }
        return call.run(() -> lock.locks(call.projectId(), call.session())).chain(held -> {
            List<String> mine = held.locks().stream().map(LockView::path).filter(paths::contains).toList();
            return mine.isEmpty() ? Uni.createFrom().item(completed.withReleased(List.of()))
                    : call.run(() -> lock.release(call.projectId(), call.caller().subject(),
                            new ReleaseLocksRequest(call.session(), mine))).map(r -> completed.withReleased(r.released()));
        });
    }

}
