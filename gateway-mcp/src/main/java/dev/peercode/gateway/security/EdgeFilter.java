package dev.peercode.gateway.security;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.peercode.gateway.config.GatewayConfig;
import dev.peercode.gateway.routing.ForwardedHop;
import dev.peercode.problem.Problem;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The rate limit per caller on the MCP endpoint ({@code /mcp*}) and the REST API ({@code /api/v1/*}), after the
 * {@link BrowserGuard} and before the body is read: 429 with {@code Retry-After}, problem+json on the REST API, bare on
 * MCP (its clients retry on the status alone). With authentication on, a caller is its address until its credential
 * has authenticated on this replica, its identity after ({@link VerifiedCallers}): made-up tokens buy no fresh
 * buckets. In local mode a bearer header, if any, keys its own bucket. A request another replica forwarded
 * ({@link ForwardedHop}) was counted there. A Vert.x filter, so it covers the MCP extension's routes and RESTEasy's.
 */
@ApplicationScoped
class EdgeFilter {

    /** Runs before Quarkus' own handlers (body reading, routing). */
    private static final int PRIORITY = 1000;

    private final GatewayConfig config;
    private final RateLimiter limiter;
    private final VerifiedCallers verified;
    private final Optional<String> hopCredential;

    EdgeFilter(GatewayConfig config, VerifiedCallers verified, GatewaySecret secret) {
        this.config = config;
        GatewayConfig.RateLimit limit = config.rateLimit();
        this.limiter = new RateLimiter(limit.requestsPerSecond(), limit.burst(), limit.maxCallers());
        this.verified = verified;
        this.hopCredential = secret.hopCredential();
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    void handle(RoutingContext rc) {
        String path = rc.normalizedPath();
        boolean mcp = BrowserGuard.under(path, "/mcp");
        boolean api = BrowserGuard.under(path, "/api/v1");
        if (!mcp && !api) {
            rc.next();
            return;
        }
        HttpServerRequest request = rc.request();
        if (config.rateLimit().enabled() && !ForwardedHop.isTrusted(request, hopCredential)) {
            String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().host();
            String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
            String key = config.auth().enabled() ? verified.limitKey(authorization, address)
                    : RateLimiter.key(authorization, address);
            Duration wait = limiter.acquire(key);
            if (!wait.isZero()) {
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                rc.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                if (api) {
                    BrowserGuard.refuse(rc, new Problem(429, "rate-limited", "Too many requests",
                            "Too many requests from this caller; retry after " + seconds + " s"));
                } else {
                    rc.response().setStatusCode(429).end();
                }
                return;
            }
        }
        rc.next();
    }
}
