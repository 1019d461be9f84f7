package dev.peercode.gateway.client;

import java.util.Optional;

import dev.peercode.problem.Problem;
import dev.peercode.problem.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * An expected answer of a backend that is not a success: a 4xx {@code application/problem+json}
 * (docs/internal-contracts.md), passed on as the problem it is. Carries the facts a caller acts on; never a stack
 * trace.
 *
 * @see BackendUnavailable for a backend that is down, slow or failing
 */
public final class BackendProblem extends ProblemException {

    public BackendProblem(Problem problem) {
        super(problem);
    }

    /** An extension member of the problem ({@code holder}, {@code session}, ...), as text. */
    public Optional<String> member(String name) {
        return Optional.ofNullable(extensions().get(name)).map(String::valueOf);
    }

    /** A lookup: a 404 answer is empty. */
    public static <T> Uni<Optional<T>> orEmpty(Uni<T> lookup) {
        return lookup.map(Optional::ofNullable)
                .onFailure(e -> e instanceof BackendProblem p && p.status() == 404).recoverWithItem(Optional.empty());
    }
}
