package dev.peercode.gateway.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.peercode.gateway.client.BackendProblem;
import dev.peercode.gateway.client.PlannerClient;
import dev.peercode.gateway.client.PlannerDtos.ProjectView;

/**
 * Answers "does this project exist" where authorisation did not (local mode, see {@code CallContext#enter}), and
 * remembers the project's sync branch for the git steps. Positive answers are remembered for a minute (projects are
 * never deleted and their branch does not change through the API), so a busy session pays the lookup once.
 */
@ApplicationScoped
public class ProjectGuard {

    private static final Duration REMEMBER = Duration.ofMinutes(1);

    private record Known(String syncBranch, long until) {
    }

    private final PlannerClient planner;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    ProjectGuard(PlannerClient planner) {
        this.planner = planner;
    }

    /** Throws a not-found {@link BackendProblem} when the project does not exist. */
    public void requireExists(String projectId) {
        lookup(projectId);
    }

    /** Whether {@link #requireExists} would answer without asking the planner (no blocking call). */
    public boolean isKnown(String projectId) {
        return remembered(projectId) != null;
    }

    /** The project's sync branch, as the planner keeps it. */
    public String syncBranch(String projectId) {
        return lookup(projectId).syncBranch();
    }

    /** Remembers a project the gateway has just seen created or read. */
    public void remember(ProjectView project) {
        known.put(project.id(), known(project));
    }

    private Known lookup(String projectId) {
        Known k = remembered(projectId);
        if (k != null) {
            return k;
        }
        ProjectView project = planner.projectAlone(projectId)
                .orElseThrow(() -> new BackendProblem(PlannerClient.SERVICE, 404, "not-found", "Not found",
                        "project " + projectId + " does not exist", Map.of()));
        Known fresh = known(project);
        known.put(projectId, fresh);
        return fresh;
    }

    /** What this replica remembers of the project, while it is fresh; else null. */
    private Known remembered(String projectId) {
        Known k = known.get(projectId);
        return k != null && k.until() - System.nanoTime() > 0 ? k : null;
    }

    private static Known known(ProjectView project) {
        // The planner gives every project its branch (its default when created without one).
        return new Known(project.syncBranch(), System.nanoTime() + REMEMBER.toNanos());
    }
}
