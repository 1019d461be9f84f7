package dev.peercode.planner.error;

import java.util.ArrayList;
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

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.logging.Log;

/** The one place where failures become {@code application/problem+json}; nothing else leaks out. */
public class ProblemMapper {

    public static final String TYPE_BASE = "https://peercode.dev/problems/";
    public static final String PROBLEM_JSON = "application/problem+json";
    /** How long a caller waits before retrying when a store is down: a restart of one takes seconds. */
    static final String RETRY_AFTER_SECONDS = "5";

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e, uri);
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            errors.add(new FieldError(fieldOf(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort(java.util.Comparator.comparing(FieldError::field));
        return respond(Problems.invalid(errors), uri);
    }

    /** Registered for the specific types too, so Quarkus' built-in mappers of these never answer. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response malformed(JsonParseException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        String field = "body";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference ref : m.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
                } else {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            field = path.toString();
        }
        return respond(Problems.invalid(field, "is not valid JSON of the expected type"), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        String kind = switch (status) {
            case 404 -> "not-found";
            case 400 -> "validation";
            case 401 -> "unauthorized";
            case 409 -> "conflict";
            default -> "http-" + status;
        };
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase()
                : "Request failed";
        return respond(new ProblemException(status, kind, title, title, List.of(), Map.of()), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        var store = StoreOutage.of(e);
        if (store.isPresent()) {
            // Not a bug: the caller can only wait, and says so to its own caller (the gateway answers 503 too).
            Log.warnf("%s: %s is unavailable (%s)", uri.getPath(), store.get(), e.toString());
            return Response.fromResponse(respond(Problems.storeUnavailable(store.get()), uri))
                    .header("Retry-After", RETRY_AFTER_SECONDS).build();
        }
        Log.errorf(e, "Unexpected failure on %s", uri.getPath());
        return respond(new ProblemException(500, "internal", "Internal error",
                "The planner failed unexpectedly; the request was not applied", List.of(), Map.of()), uri);
    }

    private static Response respond(ProblemException e, UriInfo uri) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + e.kind());
        body.put("title", e.title());
        body.put("status", e.status());
        body.put("detail", e.detail());
        body.put("instance", uri.getPath());
        if (!e.errors().isEmpty()) {
            body.put("errors", e.errors());
        }
        e.extensions().forEach(body::putIfAbsent);
        return Response.status(e.status()).type(PROBLEM_JSON).entity(body).build();
    }

    /** {@code createTask.request.title} becomes {@code title}; {@code read.limit} becomes {@code limit}. */
    static String fieldOf(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        path.forEach(nodes::add);
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            Path.Node node = nodes.get(i);
            if (node.getKind() == ElementKind.METHOD) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER && i < nodes.size() - 1) {
                continue; // a request body: its properties name the field
            }
            if (node.getIndex() != null && !field.isEmpty()) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT) {
                field.append(field.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return field.isEmpty() ? "request" : field.toString();
    }
}
