package dev.peercode.gateway.security;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.peercode.gateway.config.GatewayConfig;
import dev.peercode.gateway.routing.ForwardedHop;
import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * What every request to the MCP endpoint ({@code /mcp*}) and the REST API ({@code /api/v1/*}) passes
 * first, before its body is read: the {@code Origin} check on MCP (403; the MCP spec requires it against
 * DNS rebinding) and the rate limit per caller (429 with {@code Retry-After}; problem+json on the REST
 * API, a bare 429 on MCP, whose clients retry on the status alone). A request another replica forwarded
 * ({@link ForwardedHop}) was counted there and is not counted again. A Vert.x filter, so it covers the
 * MCP extension's routes and RESTEasy's alike.
 */
@ApplicationScoped
class EdgeFilter {

    /** Runs before Quarkus' own handlers (body reading, routing). */
    private static final int PRIORITY = 1000;

    private final GatewayConfig config;
    private final RateLimiter limiter;
    private final AllowedOrigins origins;

    EdgeFilter(GatewayConfig config) {
        this.config = config;
        GatewayConfig.RateLimit limit = config.rateLimit();
        this.limiter = new RateLimiter(limit.requestsPerSecond(), limit.burst(), limit.maxCallers());
        this.origins = new AllowedOrigins(config.origins().allowed());
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    void handle(RoutingContext rc) {
        String path = rc.normalizedPath();
        boolean mcp = path.equals("/mcp") || path.startsWith("/mcp/");
        boolean api = path.equals("/api/v1") || path.startsWith("/api/v1/");
        if (!mcp && !api) {
            rc.next();
            return;
        }
        HttpServerRequest request = rc.request();
        if (mcp && config.origins().enabled()) {
            String origin = request.getHeader(HttpHeaders.ORIGIN);
            if (origin != null && !origins.allows(origin)) {
                Log.debugf("Origin %s refused on %s", origin, path);
                rc.response().setStatusCode(403).setStatusMessage("Origin not allowed").end();
                return;
            }
        }
        if (config.rateLimit().enabled() && !ForwardedHop.isTrusted(request, config.internalToken())) {
            String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().host();
            Duration wait = limiter.acquire(RateLimiter.key(request.getHeader(HttpHeaders.AUTHORIZATION), address));
            if (!wait.isZero()) {
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                var response = rc.response().setStatusCode(429).putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                if (api) {
                    response.putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json").end("""
                            {"type":"https://peercode.dev/problems/rate-limited","title":"Too many requests","status":429,\
                            "detail":"Too many requests from this caller; retry after %d s","instance":"%s"}"""
                            .formatted(seconds, path.replace("\\", "\\\\").replace("\"", "\\\"")));
                } else {
                    response.end();
                }
                return;
            }
        }
        rc.next();
    }
}
