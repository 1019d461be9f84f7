package dev.peercode.gateway.web;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.peercode.gateway.call.Args.InvalidArgument;
import dev.peercode.gateway.call.ToolErrors;
import dev.peercode.gateway.client.BackendUnavailable;
import dev.peercode.problem.ProblemException;

/**
 * Failures of a web page as a page a person can read: the same status and the same one-line explanation
 * the REST API gives as problem+json (naming the field and the rule for bad input), never internals.
 * Each web resource maps its own exceptions here with one method (a mapper declared on a resource class applies
 * to that class only; one declared elsewhere would be global), so the REST API keeps its problem+json mapper.
 */
final class UiErrors {

    private UiErrors() {
    }

    /** A failure of a web page: a backend's problem, the gateway's own refusal, an unavailable backend, bad input. */
    static Response page(RuntimeException e) {
        if (e instanceof ProblemException p) { // a backend's problem too
            return page(p.status(), p.title(), p.detail());
        }
        if (e instanceof BackendUnavailable u) {
            return Response.fromResponse(page(503, "A backend service is unavailable", ToolErrors.unavailable(u)))
                    .header("Retry-After", "5").build();
        }
        if (e instanceof InvalidArgument i) {
            return page(400, "Invalid input", i.field() + " " + i.rule());
        }
        throw e;
    }

    static Response page(int status, String title, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.error(status, title, message).render()).build();
    }
}
