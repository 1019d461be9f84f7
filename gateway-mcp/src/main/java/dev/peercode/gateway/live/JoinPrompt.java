package dev.peercode.gateway.live;

import java.util.List;

import io.quarkiverse.mcp.server.Prompt;
import io.quarkiverse.mcp.server.PromptArg;
import io.quarkiverse.mcp.server.PromptMessage;

/** The prompt that walks an agent through joining a project: the protocol in the order to follow it. */
public class JoinPrompt {

    @Prompt(name = "peercode_join_project", description = "Join a PeerCode project as a coding session: read the shared state, "
            + "pick or claim work, lock files before editing, share discoveries, and sync through the push token.")
    List<PromptMessage> join(
            @PromptArg(description = "The project id (proj_...)") String projectId,
            @PromptArg(description = "Your session name, lowercase, e.g. alice") String sessionId) {
        return List.of(PromptMessage.withUserRole("""
                You are session `%2$s` in PeerCode project `%1$s`. Other AI sessions work on the same repository \
                at the same time; PeerCode keeps you from stepping on each other. Pass projectId `%1$s` and \
                sessionId `%2$s` to every peercode_* tool (or let the X-PeerCode-Project / X-PeerCode-Session \
                headers supply them).

                1. Call peercode_get_project. Read the phases, the open tasks, who is active, the live locks, \
                open debates and the push token. Remember `lastSeq`.
                2. Pick work: a `todo` task whose dependencies are done and that nobody holds. Claim it with \
                peercode_update_task (claim: true). If someone else wins the claim, pick another task. Create \
                tasks with peercode_create_task when you find work that is not on the plan.
                3. Before editing any file, lock it with peercode_lock_file (reason and taskId). If it is \
                locked by another session, pick other work, wait for the lock to expire, or open a debate \
                with peercode_start_debate. Release your locks with peercode_release_lock when done.
                4. Broadcast what others must know with peercode_push_delta (discovery, decision, warning, \
                blocker, handoff, note), and read theirs with peercode_get_deltas regularly, at least before \
                each new step; it remembers where you stopped.
                5. When a debate names you, answer it with peercode_respond_debate.
                6. To push: peercode_sync_github action=start. When granted, follow the git steps it returns \
                (fetch and rebase onto the sync branch, push), then action=complete with the token and the \
                commit SHA. When queued, keep working and try again when you are told it is your turn.
                7. When the plan no longer fits reality, call peercode_replan without operations for a \
                proposal, then apply the operations you agree with.
                8. Mark your task done with peercode_update_task (status: done) and release its locks.
                """.formatted(projectId, sessionId)));
    }
}
