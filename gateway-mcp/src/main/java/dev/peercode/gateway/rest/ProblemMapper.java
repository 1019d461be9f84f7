package dev.peercode.gateway.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.peercode.gateway.call.Args.InvalidArgument;
import dev.peercode.gateway.call.ToolErrors;
import dev.peercode.gateway.client.BackendProblem;
import dev.peercode.gateway.client.BackendUnavailable;
import dev.peercode.problem.ProblemException;
import io.quarkus.logging.Log;

/**
 * The one place where failures of the public REST API become {@code application/problem+json}
 * (RFC 9457, docs/internal-contracts.md): a backend's problem is passed on with its type and facts;
 * an unavailable backend is 503 with {@code Retry-After}; nothing internal reaches the body.
 */
public class ProblemMapper {

    public static final String PROBLEM_JSON = "application/problem+json";
    private static final String TYPE_BASE = "https://peercode.dev/problems/";

    @ServerExceptionMapper
    public Response backend(BackendProblem p, UriInfo uri) {
        return build(p.status(), p.kind(), p.title(), p.detail(), p.members(), uri).build();
    }

    /** The gateway's own refusals (401, 403, 429). */
    @ServerExceptionMapper
    public Response own(ProblemException e, UriInfo uri) {
        return e.problem().response(uri.getPath()).build();
    }

    @ServerExceptionMapper
    public Response unavailable(BackendUnavailable u, UriInfo uri) {
        return build(503, "unavailable", "A backend service is unavailable", ToolErrors.unavailable(u),
                Map.of("service", u.service()), uri).header("Retry-After", "5").build();
    }

    @ServerExceptionMapper
    public Response invalid(InvalidArgument e, UriInfo uri) {
        return validation(List.of(Map.of("field", e.field(), "message", e.rule())), uri);
    }

    @ServerExceptionMapper
    public Response constraint(ConstraintViolationException e, UriInfo uri) {
        List<Map<String, Object>> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            String path = v.getPropertyPath().toString();
            errors.add(Map.of("field", path.substring(path.lastIndexOf('.') + 1), "message", v.getMessage()));
        }
        return validation(errors, uri);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        return validation(List.of(Map.of("field", "body", "message", "is not valid JSON for this endpoint")), uri);
    }

    /** Registered for the specific type too, so Quarkus' built-in (plain JSON) mapper of it never answers. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof StreamConstraintsException) {
            // Too deep or too long for the limits of peercode.gateway.json.*.
            return validation(List.of(Map.of("field", "body", "message",
                    "exceeds the JSON limits (nesting depth or string length)")), uri);
        }
        if (status == 400 && e.getCause() instanceof JsonProcessingException) {
            return unreadable((JsonProcessingException) e.getCause(), uri);
        }
        String kind = switch (status) {
            case 400 -> "validation";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 415 -> "unsupported-media-type";
            default -> "http";
        };
        return build(status, kind, e.getResponse().getStatusInfo().getReasonPhrase(), null, Map.of(), uri).build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        Log.errorf(e, "Unexpected failure on %s", uri.getPath());
        return build(500, "internal", "Internal error", null, Map.of(), uri).build();
    }

    private static Response validation(List<Map<String, Object>> errors, UriInfo uri) {
        String detail = errors.size() == 1 ? errors.get(0).get("field") + " " + errors.get(0).get("message")
                : errors.size() + " fields are invalid";
        return build(400, "validation", "Invalid request", detail, Map.of("errors", errors), uri).build();
    }

    private static Response.ResponseBuilder build(int status, String kind, String title, String detail,
            Map<String, Object> members, UriInfo uri) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + kind);
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        body.put("instance", uri.getPath());
        body.putAll(members);
        return Response.status(status).type(PROBLEM_JSON).entity(body);
    }
}
