package dev.peercode.gateway.web;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import dev.peercode.gateway.identity.CallerResolver;
import io.quarkus.logging.Log;
import io.vertx.ext.web.RoutingContext;

/**
 * Checks the {@link CsrfTokens} of every state-changing request on {@code /ui*} and issues the nonce cookie on
 * page requests. Runs after {@code security/BrowserGuard}, which has already refused such a request unless it is
 * a form sent from the gateway's own pages; a request refused here reaches no backend.
 */
class CsrfCheck {

    private final CsrfTokens tokens;
    private final CallerResolver callers;

    CsrfCheck(CsrfTokens tokens, CallerResolver callers) {
        this.tokens = tokens;
        this.callers = callers;
    }

    @ServerRequestFilter
    @WithFormRead
    Response check(ResteasyReactiveContainerRequestContext request, RoutingContext rc) {
        String path = rc.normalizedPath();
        if (!path.equals("/ui") && !path.startsWith("/ui/")) {
            return null;
        }
        switch (request.getMethod()) {
            case "GET", "HEAD", "OPTIONS" -> {
                tokens.issueIfMissing(rc);
                return null;
            }
            default -> {
                String token = (String) ((ResteasyReactiveRequestContext) request.getServerRequestContext())
                        .getFormParameter(CsrfTokens.NAME, true, false);
                if (tokens.valid(rc, callers.current(), token)) {
                    return null;
                }
                Log.debugf("CSRF token refused on %s %s", request.getMethod(), path);
                return UiErrors.page(403, "Form not accepted", "this form's security token (" + CsrfTokens.NAME
                        + ") is missing or was not issued to you in this browser: reload the page and submit the form again");
            }
        }
    }
}
