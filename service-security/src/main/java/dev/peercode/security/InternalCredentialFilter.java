package dev.peercode.security;

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

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Only the gateway may call the planner and the lock service: every JAX-RS request must carry
 * {@code Authorization: Bearer <internal token>} (docs/internal-contracts.md). Health, metrics and
 * OpenAPI under {@code /q/} are Vert.x routes, not JAX-RS, so probes never need it. Pre-matching, so an
 * unauthenticated caller learns nothing, not even which paths exist. Without a configured token the
 * service refuses to start in production; in dev mode it warns and lets every call through.
 * <p>
 * A service gets it by depending on this module (a bean archive, so Quarkus indexes it).
 */
@ApplicationScoped
public class InternalCredentialFilter {

    /** Shorter secrets are refused: the token is the only thing between the network and the API. */
    static final int MIN_LENGTH = 16;

    static final String PROBLEM_JSON = "application/problem+json";
    /** Not io.quarkus.logging.Log: Quarkus rewrites its calls only in the application's own classes, not in a library jar. */
    private static final Logger LOG = Logger.getLogger(InternalCredentialFilter.class);

    private final Optional<byte[]> expected;

    InternalCredentialFilter(InternalCredentialConfig config) {
        this.expected = config.token().map(t -> ("Bearer " + t.trim()).getBytes(StandardCharsets.UTF_8));
    }

    void checkAtStartup(@Observes StartupEvent event, InternalCredentialConfig config,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        Optional<String> token = config.token().map(String::trim);
        if (token.isEmpty()) {
            if (LaunchMode.current() == LaunchMode.NORMAL) {
                throw new IllegalStateException("peercode.internal.token (PEERCODE_INTERNAL_TOKEN) is not set: "
                        + service + " refuses to serve its internal API without the credential the gateway holds");
            }
            LOG.warnf("No internal token configured (dev mode): the %s /v1 API accepts calls from anyone", service);
        } else if (token.get().length() < MIN_LENGTH) {
            throw new IllegalStateException("peercode.internal.token (PEERCODE_INTERNAL_TOKEN) must be at least "
                    + MIN_LENGTH + " characters (generate one with: openssl rand -base64 32)");
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
        return Response.status(401).type(PROBLEM_JSON).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(body).build();
    }
}
