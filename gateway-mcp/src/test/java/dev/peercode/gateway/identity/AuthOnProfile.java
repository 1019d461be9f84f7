package dev.peercode.gateway.identity;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * Authentication on, against a real OIDC issuer in the test JVM (quarkus-test-oidc-server: discovery,
 * JWKS, code flow) and the planner's contract (membership, agent-token verification) on WireMock.
 */
public class AuthOnProfile implements QuarkusTestProfile {

    static final String ISSUER = "https://server.example.com";
    static final String AUDIENCE = "peercode";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "peercode.gateway.auth.enabled", "true",
                "quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus",
                "quarkus.oidc.token.issuer", ISSUER,
                "quarkus.oidc.token.audience", AUDIENCE,
                "quarkus.oidc.web.client-id", "quarkus-web-app",
                "quarkus.oidc.web.credentials.secret", "secret",
                "peercode.gateway.live.enabled", "false");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OidcWiremockTestResource.class),
                new TestResourceEntry(PlannerStub.class));
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }
}
