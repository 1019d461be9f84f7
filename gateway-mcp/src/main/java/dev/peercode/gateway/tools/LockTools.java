package dev.peercode.gateway.tools;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.peercode.api.lock.AcquireLocksRequest;
import dev.peercode.api.lock.AcquireLocksResponse;
import dev.peercode.api.lock.ForceReleaseRequest;
import dev.peercode.api.lock.ReleaseLocksRequest;
import dev.peercode.gateway.call.Args;
import dev.peercode.gateway.call.ToolAnswer;
import dev.peercode.gateway.client.LockApi;
import io.quarkiverse.mcp.server.Tool;
import io.quarkiverse.mcp.server.ToolArg;
import io.quarkiverse.mcp.server.ToolCallException;
import io.smallrye.mutiny.Uni;

/** File locks: take them before editing, release them when done. */
public class LockTools {

    private final ToolContext context;
    private final LockApi lock;

    LockTools(ToolContext context, @RestClient LockApi lock) {
        this.context = context;
        this.lock = lock;
    }

    /** A lock the caller now holds. */
    public record HeldLock(String path, Instant expiresAt, long fencingToken) implements ToolAnswer {
    }

    /** What a lock call did: newly {@code acquired}, {@code renewed} (already yours), and every lock as it now stands. */
    public record LocksAcquired(List<String> acquired, List<String> renewed, List<HeldLock> locks)
            implements
                ToolAnswer {

        static LocksAcquired of(AcquireLocksResponse r) {
            return new LocksAcquired(r.acquired(), r.renewed(), r.locks().stream()
                    .map(l -> new HeldLock(l.path(), l.expiresAt(), l.fencingToken())).toList());
        }
    }

    /** What a release did: {@code released} patterns, and named ones that were not locked. */
    public record LocksReleased(List<String> released, List<String> notHeld, boolean forced) implements ToolAnswer {
    }

    @Tool(name = "peercode_lock_file", description = "Lock files before editing them: one or more repository-relative "
            + "paths or globs (*, ?, **), all or none. Locking what you already hold renews it. If another session "
            + "holds an overlapping lock, nothing is locked and you are told who holds it, why and until when.", structuredContent = true)
    public Uni<LocksAcquired> lockFile(
            @ToolArg(description = "Repository-relative paths or globs, e.g. ['src/app.ts','src/auth/**']") List<String> paths,
            @ToolArg(description = "Why, shown to whoever meets the lock, e.g. 'auth refactor'", required = false) @Bounds(max = 200) String reason,
            @ToolArg(description = "The task this work belongs to (task_...)", required = false) String taskId,
            @ToolArg(description = "How long to hold it, in seconds (default 900)", required = false) Integer ttlSeconds,
            @ToolArg(description = ToolDocs.PROJECT, required = false) String projectId,
            @ToolArg(description = ToolDocs.SESSION, required = false) String sessionId) {
        return context.call(projectId, sessionId, call -> {
            // Paths and their count, and the time to live, are the lock service's rules (it names the field).
            Args.text("reason", reason, false, 200);
            Args.optional("taskId", taskId, Args.TASK, Args.TASK_RULE);
            return call.run(() -> lock.acquire(call.projectId(), call.caller().subject(),
                    new AcquireLocksRequest(call.session(), paths, reason, taskId, ttlSeconds))).map(LocksAcquired::of);
        });
    }

    @Tool(name = "peercode_release_lock", description = "Release your locks: the named paths (exactly as you locked "
            + "them) or, without paths, all of them. A project owner may force-release another session's locks with "
            + "force=true, a reason, and the session or paths.", structuredContent = true)
    public Uni<LocksReleased> releaseLock(
            @ToolArg(description = "Patterns to release as they were locked; omit to release all your locks", required = false) List<String> paths,
            @ToolArg(description = "Owners only: true to release another session's locks", required = false) Boolean force,
            @ToolArg(description = "With force: whose locks to release (all of them), or give paths", required = false) String holder,
            @ToolArg(description = "With force: why (required, recorded in the log)", required = false) @Bounds(max = 200) String reason,
            @ToolArg(description = ToolDocs.PROJECT, required = false) String projectId,
            @ToolArg(description = ToolDocs.SESSION, required = false) String sessionId) {
        return context.call(projectId, sessionId, call -> {
            if (Boolean.TRUE.equals(force)) {
                if (!call.caller().isOwner()) {
                    throw new ToolCallException("Only a project owner can force-release locks; ask the holder to "
                            + "release them or start a debate.");
                }
                Args.text("reason", reason, true, 200);
                Args.optional("holder", holder, Args.SESSION, "must be a session name");
                if (holder == null && paths == null) {
                    throw Args.invalid("holder", "give holder (release all their locks) or paths");
                }
                return call.run(() -> lock.forceRelease(call.projectId(),
                        new ForceReleaseRequest(call.session(), reason, paths, holder)))
                        .map(released -> new LocksReleased(released.released().stream().map(l -> l.path()).toList(),
                                List.of(), true));
            }
            if (holder != null || reason != null) {
                throw Args.invalid(holder != null ? "holder" : "reason", "is only for force=true");
            }
            return call.run(() -> lock.release(call.projectId(), call.caller().subject(),
                    new ReleaseLocksRequest(call.session(), paths)))
                    .map(r -> new LocksReleased(r.released(), r.notHeld(), false));
        });
    }
}
