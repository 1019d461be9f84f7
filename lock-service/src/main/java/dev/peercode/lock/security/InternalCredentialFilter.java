package dev.peercode.lock.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.peercode.lock.LockServiceConfig;
import dev.peercode.lock.error.ProblemMappers;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Only the gateway may call the lock service: every JAX-RS request must carry
 * {@code Authorization: Bearer <internal token>} (docs/internal-contracts.md). Health, metrics and
 * OpenAPI under {@code /q/} are Vert.x routes, not JAX-RS, so probes never need it. Pre-matching, so an
 * unauthenticated caller learns nothing, not even which paths exist. Without a configured token the
 * service refuses to start in production; in dev mode it warns and lets every call through.
 */
@ApplicationScoped
public class InternalCredentialFilter {

    /** Shorter secrets are refused: the token is the only thing between the network and the API. */
    static final int MIN_LENGTH = 16;

    private final Optional<byte[]> expected;

    InternalCredentialFilter(LockServiceConfig config) {
        this.expected = config.internalToken().map(t -> ("Bearer " + t.trim()).getBytes(StandardCharsets.UTF_8));
    }

    void checkAtStartup(@Observes StartupEvent event, LockServiceConfig config) {
        Optional<String> token = config.internalToken().map(String::trim);
        if (token.isEmpty()) {
            if (LaunchMode.current() == LaunchMode.NORMAL) {
                throw new IllegalStateException("peercode.lock.internal-token (PEERCODE_INTERNAL_TOKEN) is not set: "
                        + "the lock service refuses to serve its internal API without the credential the gateway holds");
            }
            Log.warn("No internal token configured (dev mode): the lock service's /v1 API accepts calls from anyone");
        } else if (token.get().length() < MIN_LENGTH) {
            throw new IllegalStateException("peercode.lock.internal-token must be at least " + MIN_LENGTH
                    + " characters (generate one with: openssl rand -base64 32)");
        }
    }

    @ServerRequestFilter(preMatching = true)
    public Response authenticate(ContainerRequestContext request) {
        if (expected.isEmpty()) {
            return null;
        }
        String given = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (given != null && MessageDigest.isEqual(expected.get(), given.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://peercode.dev/problems/unauthorized");
        body.put("title", "Unauthorized");
        body.put("status", 401);
        body.put("detail", "The internal API accepts only calls that carry the gateway's internal credential");
        body.put("instance", request.getUriInfo().getPath());
        return Response.status(401).type(ProblemMappers.PROBLEM_JSON).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(body).build();
    }
}
