package dev.peercode.planner.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.peercode.problem.FieldError;
import dev.peercode.problem.Problem;
import dev.peercode.problem.ProblemException;

/** Factories for the problem kinds of docs/internal-contracts.md. */
public final class Problems {

    private Problems() {
    }

    public static ProblemException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    public static ProblemException invalid(List<FieldError> errors) {
        return ProblemException.validation(errors);
    }

    /** PostgreSQL or Redis cannot be reached: retry later (503, with Retry-After). */
    public static ProblemException storeUnavailable(String store) {
        return new ProblemException(503, "store-unavailable", "A data store is unavailable",
                "The planner cannot reach " + store + " right now; retry in a few seconds",
                List.of(), Map.of("store", store));
    }

    public static ProblemException notFound(String what, String id) {
        return ProblemException.notFound(what + " " + id + " does not exist");
    }

    /** A reference inside a valid request that names something that does not exist. */
    public static ProblemException unknownReference(String field, String what, String id) {
        String detail = what + " " + id + " does not exist";
        return new ProblemException(422, "unprocessable", "Unknown reference", detail,
                List.of(new FieldError(field, detail)), Map.of());
    }

    public static ProblemException unprocessable(String field, String message) {
        return new ProblemException(Problem.unprocessable("Request cannot be applied", field, message));
    }

    public static ProblemException conflict(String detail) {
        return conflict(detail, Map.of());
    }

    public static ProblemException conflict(String detail, Map<String, Object> extensions) {
        return new ProblemException(409, "conflict", "Conflict with the current state", detail, List.of(), extensions);
    }

    /** The project's last owner cannot be removed or demoted: nobody could manage the project again. */
    public static ProblemException lastOwner(String subject, String action) {
        return new ProblemException(409, "last-owner", "The last owner must stay", "cannot " + action + " " + subject
                + ": they are the project's last owner; make another member owner first", List.of(),
                Map.of("subject", subject));
    }

    public static ProblemException versionConflict(String what, String id, long expected, long current) {
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("currentVersion", current);
        ext.put("conflicts", List.of(Map.of("id", id, "expectedVersion", expected, "currentVersion", current)));
        return new ProblemException(409, "version-conflict", "Stale version",
                what + " " + id + " is at version " + current + ", not " + expected + "; re-read it and retry",
                List.of(), ext);
    }

    /** Several stale entities at once (a plan revision names every one). */
    public static ProblemException versionConflicts(List<Map<String, Object>> conflicts) {
        return new ProblemException(409, "version-conflict", "Stale version",
                conflicts.size() + " entities changed since they were read; re-read them and retry", List.of(),
                Map.of("conflicts", conflicts));
    }

    public static ProblemException claimConflict(String taskId, String assignee, long currentVersion) {
        return new ProblemException(409, "claim-conflict", "Task is claimed by another session",
                taskId + " is already claimed by " + assignee + "; pick other work or talk to " + assignee, List.of(),
                Map.of("assignee", assignee, "currentVersion", currentVersion));
    }
}
