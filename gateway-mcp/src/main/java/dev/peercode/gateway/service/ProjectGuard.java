package dev.peercode.gateway.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.peercode.gateway.client.BackendProblem;
import dev.peercode.gateway.client.PlannerClient;

/**
 * Answers "does this project exist" before the gateway routes a call to the lock service, which knows
 * nothing about projects. Positive answers are remembered for a minute (projects are never deleted),
 * so a busy session pays the lookup once. Authorisation (membership) will hook in here.
 */
@ApplicationScoped
public class ProjectGuard {

    private static final Duration REMEMBER = Duration.ofMinutes(1);

    private final PlannerClient planner;
    private final Map<String, Long> known = new ConcurrentHashMap<>();

    ProjectGuard(PlannerClient planner) {
        this.planner = planner;
    }

    /** Throws a not-found {@link BackendProblem} when the project does not exist. */
    public void requireExists(String projectId) {
        Long until = known.get(projectId);
        long now = System.nanoTime();
        if (until != null && until - now > 0) {
            return;
        }
        if (planner.project(projectId).isEmpty()) {
            throw new BackendProblem(PlannerClient.SERVICE, 404, "not-found", "Not found",
                    "project " + projectId + " does not exist", Map.of());
        }
        known.put(projectId, now + REMEMBER.toNanos());
    }

    /** Remembers a project the gateway has just seen answer. */
    public void remember(String projectId) {
        known.put(projectId, System.nanoTime() + REMEMBER.toNanos());
    }
}
