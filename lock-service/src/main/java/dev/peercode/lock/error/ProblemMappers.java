package dev.peercode.lock.error;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.logging.Log;

/**
 * The one place where failures become {@code application/problem+json} (RFC 9457), in the shape of
 * docs/internal-contracts.md. Nothing internal (class names, stack traces) ever reaches the body.
 */
public class ProblemMappers {

    public static final String PROBLEM_JSON = "application/problem+json";
    private static final String TYPE_BASE = "https://peercode.dev/problems/";
    /** Request bodies are bound to a parameter of this name; it is not part of a field name. */
    private static final String BODY_PARAMETER = "body";

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return build(e.status(), e.kind(), e.title(), e.getMessage(), e.errors(), e.extensions(), uri);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            errors.add(new FieldError(fieldName(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort(Comparator.comparing(FieldError::field));
        ProblemException p = ProblemException.validation(errors);
        return problem(p, uri);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        return problem(ProblemException.validation("body", "is not valid JSON for this endpoint"), uri);
    }

    /** JSON of the wrong shape ({@code "paths": "src"}): name the field, as for any other rule. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        String name = field.isEmpty() ? BODY_PARAMETER : field.toString();
        return problem(ProblemException.validation(name, "has the wrong JSON type"), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status == 404) {
            return problem(ProblemException.notFound("No such resource"), uri);
        }
        if (status == 400) {
            return problem(ProblemException.validation("body", "is missing or malformed"), uri);
        }
        String kind = status == 405 ? "method-not-allowed" : status == 415 ? "unsupported-media-type" : "http";
        return build(status, kind, e.getResponse().getStatusInfo().getReasonPhrase(), null, List.of(), Map.of(), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        if (RedisOutage.causes(e)) {
            // Not a bug: the caller can only wait, and says so to its own caller (the gateway answers 503 too).
            Log.warnf("%s: Redis is unavailable (%s)", uri.getPath(), e.toString());
            return Response.fromResponse(build(503, "store-unavailable", "A data store is unavailable",
                    "The lock service cannot reach Redis right now; retry in a few seconds", List.of(),
                    Map.of("store", "Redis"), uri)).header("Retry-After", "5").build();
        }
        // The caller learns only that it failed; the log has the cause.
        Log.errorf(e, "Unexpected failure on %s", uri.getPath());
        return build(500, "internal", "Internal error", null, List.of(), Map.of(), uri);
    }

    private static Response build(int status, String kind, String title, String detail, List<FieldError> errors,
            Map<String, Object> extensions, UriInfo uri) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + kind);
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        body.put("instance", uri.getPath());
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        body.putAll(extensions);
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }

    /** {@code acquire.body.paths[0]} becomes {@code paths[0]}; a path parameter keeps its name. */
    static String fieldName(Path path) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (kind == ElementKind.PARAMETER && BODY_PARAMETER.equals(node.getName())) {
                continue;
            }
            if (kind == ElementKind.CONTAINER_ELEMENT) {
                if (node.getIndex() != null) {
                    field.append('[').append(node.getIndex()).append(']');
                }
                continue;
            }
            if (!field.isEmpty()) {
                field.append('.');
            }
            field.append(node.getName());
            if (node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? BODY_PARAMETER : field.toString();
    }
}
