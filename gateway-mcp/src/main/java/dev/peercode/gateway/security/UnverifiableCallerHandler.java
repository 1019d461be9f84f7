package dev.peercode.gateway.security;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.peercode.gateway.client.BackendUnavailable;
import dev.peercode.problem.Problem;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpHeaders;
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
        rc.response().putHeader(HttpHeaders.RETRY_AFTER, Problem.RETRY_AFTER_SECONDS);
        BrowserGuard.refuse(rc, new Problem(503, "unavailable", "A backend service is unavailable",
                "Your token could not be checked: the " + unavailable.service() + " " + unavailable.reason()
                        + ". Nothing was done; retry in " + Problem.RETRY_AFTER_SECONDS + " s.",
                List.of(), Map.of("service", unavailable.service())));
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
