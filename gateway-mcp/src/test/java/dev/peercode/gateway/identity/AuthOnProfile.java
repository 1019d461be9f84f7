package dev.peercode.gateway.identity;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Authentication on, against a real OIDC issuer in the test JVM (quarkus-test-oidc-server: discovery,
 * JWKS, code flow). No planner runs: these tests cover what the gateway decides alone (tokens refused
 * before anything is asked upstream, discovery, the login redirect) and what it answers when the planner
 * cannot be reached. Everything that needs the planner's answer runs against the real services
 * (e2e-tests {@code AuthIT}).
 */
public class AuthOnProfile implements QuarkusTestProfile {

    static final String ISSUER = "https://server.example.com";
    static final String AUDIENCE = "peercode";
    /** A port in the well-known range nothing on a build machine listens on (TCP port 9, "discard"). */
    static final int PLANNER_DOWN_PORT = 9;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "peercode.gateway.auth.enabled", "true",
                "quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus",
                "quarkus.oidc.token.issuer", ISSUER,
                "quarkus.oidc.token.audience", AUDIENCE,
                "quarkus.oidc.web.client-id", "quarkus-web-app",
                "quarkus.oidc.web.credentials.secret", "secret",
                "peercode.gateway.live.enabled", "false",
                // Nothing listens there: the planner is down.
                "quarkus.rest-client.planner.url", "http://127.0.0.1:" + PLANNER_DOWN_PORT,
                "quarkus.rest-client.lock.url", "http://127.0.0.1:" + PLANNER_DOWN_PORT);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OidcWiremockTestResource.class));
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }
}
