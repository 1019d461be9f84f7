package dev.peercode.gateway.rest;

import java.util.ArrayList;
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
import dev.peercode.problem.FieldError;
import dev.peercode.problem.Problem;
import dev.peercode.problem.ProblemException;
import io.quarkus.logging.Log;

/**
 * The one place where failures of the public REST API become {@code application/problem+json}
 * (RFC 9457, docs/internal-contracts.md): a backend's problem is passed on with its type and facts;
 * an unavailable backend is 503 with {@code Retry-After}; nothing internal reaches the body.
 */
public class ProblemMapper {

    /** A backend's problem ({@link BackendProblem}), or the gateway's own refusal (401, 403, 404, 429). */
    @ServerExceptionMapper
    public Response own(ProblemException e, UriInfo uri) {
        return respond(e.problem(), uri);
    }

    @ServerExceptionMapper
    public Response unavailable(BackendUnavailable u, UriInfo uri) {
        return respond(new Problem(503, "unavailable", "A backend service is unavailable", ToolErrors.unavailable(u),
                List.of(), Map.of("service", u.service())), uri);
    }

    @ServerExceptionMapper
    public Response invalid(InvalidArgument e, UriInfo uri) {
        return validation(List.of(new FieldError(e.field(), e.rule())), uri);
    }

    @ServerExceptionMapper
    public Response constraint(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            String path = v.getPropertyPath().toString();
            errors.add(new FieldError(path.substring(path.lastIndexOf('.') + 1), v.getMessage()));
        }
        return validation(errors, uri);
    }

    /** Registered for the specific type too, so Quarkus' built-in (plain JSON) mapper of it never answers. */
    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class })
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        return validation(List.of(new FieldError("body", "is not valid JSON for this endpoint")), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof StreamConstraintsException) {
            // Too deep or too long for the limits of peercode.gateway.json.*.
            return validation(List.of(new FieldError("body", "exceeds the JSON limits (nesting depth or string length)")),
                    uri);
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
        return respond(new Problem(status, kind, e.getResponse().getStatusInfo().getReasonPhrase(), null), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        Log.errorf(e, "Unexpected failure on %s", uri.getPath());
        return respond(new Problem(500, "internal", "Internal error", null), uri);
    }

    private static Response validation(List<FieldError> errors, UriInfo uri) {
        return respond(Problem.validation(errors), uri);
    }

    /** The body, {@code application/problem+json}; a 503 also says when to retry. */
    private static Response respond(Problem problem, UriInfo uri) {
        return problem.response(uri.getPath()).build();
    }
}
