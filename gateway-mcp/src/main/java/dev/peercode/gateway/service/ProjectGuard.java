package dev.peercode.gateway.service;

import static dev.peercode.gateway.client.BackendProblem.orEmpty;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import dev.peercode.api.planner.ProjectDtos.ProjectView;
import dev.peercode.gateway.client.PlannerApi;
import dev.peercode.gateway.identity.CallerResolver;
import io.smallrye.mutiny.Uni;

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

    private final PlannerApi planner;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    ProjectGuard(@RestClient PlannerApi planner) {
        this.planner = planner;
    }

    /** Fails with the not-found problem when the project does not exist. */
    public Uni<Void> requireExists(String projectId) {
        return lookup(projectId).replaceWithVoid();
    }

    /** The project's sync branch, as the planner keeps it. */
    public Uni<String> syncBranch(String projectId) {
        return lookup(projectId).map(Known::syncBranch);
    }

    /** {@code answer} (the lock service's, about the push token), then the sync branch, as one outcome. */
    public <T, R> Uni<R> withBranch(String projectId, Uni<T> answer, BiFunction<T, String, R> outcome) {
        return answer.chain(a -> syncBranch(projectId).map(branch -> outcome.apply(a, branch)));
    }

    /** Remembers a project the gateway has just seen created or read. */
    public void remember(ProjectView project) {
        known.put(project.id(), known(project));
    }

    private Uni<Known> lookup(String projectId) {
        Known k = known.get(projectId);
        if (k != null && k.until() - System.nanoTime() > 0) {
            return Uni.createFrom().item(k);
        }
        return orEmpty(planner.project(projectId, false)).map(found -> {
            Known fresh = known(found.orElseThrow(() -> CallerResolver.notFound(projectId)).project());
            known.put(projectId, fresh);
            return fresh;
        });
    }

    private static Known known(ProjectView project) {
        // The planner gives every project its branch (its default when created without one).
        return new Known(project.syncBranch(), System.nanoTime() + REMEMBER.toNanos());
    }
}
