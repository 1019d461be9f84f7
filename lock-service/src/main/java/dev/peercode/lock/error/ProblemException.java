package dev.peercode.lock.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An expected failure that becomes one RFC 9457 problem. {@code kind} is the last segment of the
 * stable {@code type} URI (see docs/internal-contracts.md); {@code extensions} carry the facts a caller
 * acts on ({@code holder}, {@code expiresAt}, ...).
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String kind;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions;

    public ProblemException(int status, String kind, String title, String detail, List<FieldError> errors,
            Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.kind = kind;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.extensions = new LinkedHashMap<>(extensions);
    }

    public static ProblemException validation(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + " " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new ProblemException(400, "validation", "Invalid input", detail, errors, Map.of());
    }

    public static ProblemException validation(String field, String message) {
        return validation(List.of(new FieldError(field, message)));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not found", detail, List.of(), Map.of());
    }

    public static ProblemException conflict(String title, String detail, Map<String, Object> extensions) {
        return new ProblemException(409, "conflict", title, detail, List.of(), extensions);
    }

    public int status() {
        return status;
    }

    public String kind() {
        return kind;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
