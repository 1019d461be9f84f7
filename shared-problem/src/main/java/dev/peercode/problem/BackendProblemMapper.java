package dev.peercode.problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * The one place where a backend's failures (planner, lock service) become {@code application/problem+json};
 * nothing internal (class names, stack traces) reaches the body. Active in the services that index this
 * jar ({@code quarkus.index-dependency.problem.*}); the gateway, which passes backend problems on, has
 * its own mapper and uses only {@link Problem} and {@link ProblemException}.
 */
public class BackendProblemMapper {

    private static final Logger LOG = Logger.getLogger(BackendProblemMapper.class);
    /** The field of a request that is wrong as a whole. */
    private static final String BODY = "body";

    @Inject
    StoreOutages outages;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.problem(), uri);
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            errors.add(new FieldError(fieldOf(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort(Comparator.comparing(FieldError::field));
        return respond(Problem.validation(errors), uri);
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

    /** JSON of the wrong shape ({@code "paths": "src"}) names the field, as for any other rule. */
    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException m ? fieldOf(m) : "";
        FieldError error = field.isEmpty() ? new FieldError(BODY, "is not valid JSON for this endpoint")
                : new FieldError(field, "is not valid JSON of the expected type");
        return respond(Problem.validation(List.of(error)), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Problem problem = switch (status) {
            case 400 -> Problem.validation(List.of(new FieldError(BODY, "is missing or malformed")));
            case 404 -> Problem.notFound("No such resource");
            default -> {
                String kind = switch (status) {
                    case 401 -> "unauthorized";
                    case 405 -> "method-not-allowed";
                    case 409 -> "conflict";
                    case 415 -> "unsupported-media-type";
                    default -> "http";
                };
                yield new Problem(status, kind, e.getResponse().getStatusInfo().getReasonPhrase(), null);
            }
        };
        return respond(problem, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        var store = outages.storeBehind(e);
        if (store.isPresent()) {
            // Not a bug: the caller can only wait, and says so to its own caller (the gateway answers 503 too).
            LOG.warnf("%s: %s is unavailable (%s)", uri.getPath(), store.get(), e.toString());
            return respond(new Problem(503, "store-unavailable", "A data store is unavailable",
                    "The " + outages.serviceName() + " cannot reach " + store.get()
                            + " right now; retry in a few seconds",
                    List.of(), Map.of("store", store.get())), uri);
        }
        // The caller learns only that it failed; the log has the cause.
        LOG.errorf(e, "Unexpected failure on %s", uri.getPath());
        return respond(new Problem(500, "internal", "Internal error",
                "The " + outages.serviceName() + " failed unexpectedly; the request was not applied"), uri);
    }

    private static Response respond(Problem problem, UriInfo uri) {
        return problem.response(uri.getPath()).build();
    }

    /** Where in the JSON a mapping failed, as the caller spells the field ({@code operations[1].taskId}); empty at the top. */
    public static String fieldOf(JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    /**
     * A violation's path as the caller spells the field: {@code createTask.request.title} becomes
     * {@code title}, {@code acquire.body.paths[0].<list element>} {@code paths[0]}, {@code read.limit}
     * {@code limit}, {@code replan.request.operations[2].taskId} {@code operations[2].taskId}.
     */
    static String fieldOf(Path path) {
        List<Path.Node> nodes = new ArrayList<>();
        path.forEach(nodes::add);
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            Path.Node node = nodes.get(i);
            ElementKind kind = node.getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (kind == ElementKind.PARAMETER && i < nodes.size() - 1) {
                continue; // a request body: its properties name the field
            }
            if (node.getIndex() != null && !field.isEmpty()) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null && kind != ElementKind.CONTAINER_ELEMENT) {
                field.append(field.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return field.isEmpty() ? BODY : field.toString();
    }
}
