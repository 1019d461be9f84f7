package dev.peercode.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.peercode.gateway.client.BackendUnavailable;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * When the planner cannot be asked whether an agent token is valid (it verifies them on every call, see
 * {@code AgentTokenIdentityProvider}), authentication fails before any resource or tool runs, and Vert.x
 * would answer a bare 500. The caller did nothing wrong and should simply retry: this answers 503 with
 * {@code Retry-After} and a problem+json body that says which part is down, on the REST API and on the
 * MCP endpoint alike (an MCP client shows the HTTP status and the detail), the same answer the REST API
 * gives for any unavailable backend ({@code ProblemMapper}).
 */
@ApplicationScoped
class UnverifiableCallerHandler {

    /** Seconds a client should wait: the circuit breaker's delay towards the planner is of that order. */
    static final String RETRY_AFTER = "5";

    void register(@Observes Router router) {
        // Before Quarkus' catch-all error page, which would turn the failure into a 500.
        router.route().order(Integer.MIN_VALUE + 2).failureHandler(this::handle);
    }

    void handle(RoutingContext rc) {
        BackendUnavailable unavailable = unavailable(rc.failure());
        if (unavailable == null || rc.response().headWritten()) {
            rc.next();
            return;
        }
        Log.warnf("Cannot authenticate a call to %s: %s", rc.normalizedPath(), unavailable.getMessage());
        JsonObject problem = new JsonObject()
                .put("type", "https://peercode.dev/problems/unavailable")
                .put("title", "A backend service is unavailable")
                .put("status", 503)
                .put("detail", "Your token could not be checked: the " + unavailable.service() + " "
                        + unavailable.reason() + ". Nothing was done; retry in " + RETRY_AFTER + " s.")
                .put("instance", rc.normalizedPath())
                .put("service", unavailable.service());
        rc.response().setStatusCode(503)
                .putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .end(problem.encode());
    }

    /** The failure itself or its cause (Mutiny and the security layer may wrap it). */
    private static BackendUnavailable unavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BackendUnavailable u) {
                return u;
            }
        }
        return null;
    }
}
