package dev.peercode.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * quarkus-oidc serves the OAuth Protected Resource Metadata ({@code /.well-known/oauth-protected-resource},
 * RFC 9728) without a {@code Content-Type}; RFC 9728 §3.2 requires {@code application/json}, and MCP
 * clients that check it would not discover the issuer. Sets it when the response has none.
 */
@ApplicationScoped
class ResourceMetadataType {

    static final String PATH = "/.well-known/oauth-protected-resource";

    void register(@Observes Filters filters) {
        filters.register(this::handle, 100);
    }

    void handle(RoutingContext rc) {
        if (rc.normalizedPath().startsWith(PATH)) {
            rc.addHeadersEndHandler(v -> {
                if (rc.response().getStatusCode() == 200 && !rc.response().headers().contains(HttpHeaders.CONTENT_TYPE)) {
                    rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
                }
            });
        }
        rc.next();
    }
}
