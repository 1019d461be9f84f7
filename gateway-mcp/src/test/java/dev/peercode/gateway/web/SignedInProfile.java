package dev.peercode.gateway.web;

import java.util.List;
import java.util.Map;

import dev.peercode.gateway.security.PatientWireMockBackends;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The web UI with authentication on: people sign in through the authorization-code flow at a real OIDC issuer
 * in the test JVM (quarkus-test-oidc-server), the backends are WireMock stubs.
 */
public class SignedInProfile implements QuarkusTestProfile {

    /** The gateway's web client, as the issuer's ID tokens name it in {@code aud}. */
    static final String WEB_CLIENT = "quarkus-web-app";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "peercode.gateway.auth.enabled", "true",
                "quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus",
                "quarkus.oidc.token.issuer", "https://server.example.com",
                "quarkus.oidc.token.audience", "peercode",
                "quarkus.oidc.web.client-id", WEB_CLIENT,
                // At least 32 characters: quarkus-oidc also encrypts the login state cookie (PKCE) with it.
                "quarkus.oidc.web.credentials.secret", "web-client-secret-for-tests-0123456789",
                "peercode.gateway.live.enabled", "false");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OidcWiremockTestResource.class),
                new TestResourceEntry(PatientWireMockBackends.class));
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }
}
