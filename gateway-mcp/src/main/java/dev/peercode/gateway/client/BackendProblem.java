package dev.peercode.gateway.client;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.mutiny.Uni;

/**
 * An expected answer of a backend that is not a success: a 4xx {@code application/problem+json}
 * (docs/internal-contracts.md). Carries the facts a caller acts on; never a stack trace.
 *
 * @see BackendUnavailable for a backend that is down, slow or failing
 */
public final class BackendProblem extends RuntimeException {

    private final String service;
    private final int status;
    private final String kind;
    private final String title;
    private final String detail;
    private final Map<String, Object> members;

    public BackendProblem(String service, int status, String kind, String title, String detail,
            Map<String, Object> members) {
        super(service + " answered " + status + " " + kind, null, false, false);
        this.service = service;
        this.status = status;
        this.kind = kind;
        this.title = title;
        this.detail = detail;
        this.members = Map.copyOf(members);
    }

    /** {@code planner-service} or {@code lock-service}. */
    public String service() {
        return service;
    }

    public int status() {
        return status;
    }

    /** The last segment of the problem {@code type}: {@code validation}, {@code lock-conflict}, ... */
    public String kind() {
        return kind;
    }

    public String title() {
        return title;
    }

    /** The backend's one-line explanation, written for the caller (never internals). */
    public String detail() {
        return detail == null ? title : detail;
    }

    /** Every member of the problem besides type/title/status/detail/instance ({@code holder}, {@code errors}, ...). */
    public Map<String, Object> members() {
        return members;
    }

    public Optional<String> member(String name) {
        Object value = members.get(name);
        return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
    }

    /** A lookup: a 404 answer is empty. */
    public static <T> Uni<Optional<T>> orEmpty(Uni<T> lookup) {
        return lookup.map(Optional::ofNullable)
                .onFailure(e -> e instanceof BackendProblem p && p.status() == 404).recoverWithItem(Optional.empty());
    }

    /** The {@code errors[]} of a validation problem, as field/message pairs. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> errors() {
        Object errors = members.get("errors");
        return errors instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }
}
