package dev.peercode.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.Response;

/**
 * One RFC 9457 problem, in the shape of docs/internal-contracts.md: {@code kind} is the last segment of
 * the stable {@code type} URI; {@code errors} name each invalid field; {@code extensions} carry the facts
 * a caller acts on ({@code holder}, {@code currentVersion}, ...). {@code detail} may be null (then absent).
 */
public record Problem(int status, String kind, String title, String detail, List<FieldError> errors,
        Map<String, Object> extensions) {

    public static final String TYPE_BASE = "https://peercode.dev/problems/";
    public static final String MEDIA_TYPE = "application/problem+json";
    /** How long a caller waits before retrying when a store is down: a restart of one takes seconds. */
    public static final String RETRY_AFTER_SECONDS = "5";

    public Problem {
        errors = List.copyOf(errors);
        extensions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extensions));
    }

    public Problem(int status, String kind, String title, String detail) {
        this(status, kind, title, detail, List.of(), Map.of());
    }

    public String type() {
        return TYPE_BASE + kind;
    }

    /** The body: type, title, status, detail, instance, errors, then the extension members. */
    public Map<String, Object> body(String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type());
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        body.put("instance", instance);
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        extensions.forEach(body::putIfAbsent);
        return body;
    }

    /** The answer, {@code application/problem+json}; a 503 also says when to retry. */
    public Response.ResponseBuilder response(String instance) {
        Response.ResponseBuilder response = Response.status(status).type(MEDIA_TYPE).entity(body(instance));
        return status == 503 ? response.header("Retry-After", RETRY_AFTER_SECONDS) : response;
    }

    /** 400: one or more fields break their rules. */
    public static Problem validation(List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        return new Problem(400, "validation", "Invalid request", detail, errors, Map.of());
    }

    public static Problem notFound(String detail) {
        return new Problem(404, "not-found", "Not found", detail);
    }

    /** 422: a valid request that cannot be applied to the current state, because of {@code field}. */
    public static Problem unprocessable(String title, String field, String message) {
        return new Problem(422, "unprocessable", title, field + ": " + message, List.of(new FieldError(field, message)),
                Map.of());
    }
}
