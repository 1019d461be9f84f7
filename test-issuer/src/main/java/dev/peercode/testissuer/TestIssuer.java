package dev.peercode.testissuer;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import com.github.tomakehurst.wiremock.client.WireMock;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * A real OIDC issuer in the test JVM: Quarkus' own OIDC test server (WireMock on a dynamic port) with
 * discovery, JWKS, a login form at the authorization endpoint and a token endpoint. The gateway process
 * discovers it and verifies tokens with its keys exactly as it would a production provider's.
 * <p>
 * Access tokens are minted here with the issuer's private key ({@code privateKey.jwk}, key id 1). The
 * browser login (authorization-code flow) accepts any user name and password and signs in the same person,
 * {@link WebLogin#subject()}, unless the user name is one given to {@link #webLoginAs}.
 */
public final class TestIssuer implements AutoCloseable {

    /** The {@code iss} of every token this issuer signs, and what its discovery document announces. */
    public static final String ISSUER = "https://server.example.com";
    /** The audience the gateway is configured to require ({@code QUARKUS_OIDC_TOKEN_AUDIENCE}). */
    public static final String AUDIENCE = "peercode";

    /**
     * What a browser needs to sign in at {@code /ui}: the form at the issuer's authorization endpoint has
     * fields {@code username} and {@code password} and a submit button {@code login}; any values are
     * accepted, and the person signed in is always {@code subject} (the test server's fixed user).
     *
     * @param clientId the gateway's web client ({@code QUARKUS_OIDC_WEB_CLIENT_ID})
     * @param clientSecret its secret ({@code QUARKUS_OIDC_WEB_CREDENTIALS_SECRET})
     * @param username a user name to type into the form
     * @param password a password to type into the form
     * @param subject the OIDC subject of the signed-in person: the gateway's caller, a project's owner or
     *        member subject
     * @param preferredUsername the {@code preferred_username} claim of that person
     */
    public record WebLogin(String clientId, String clientSecret, String username, String password, String subject,
            String preferredUsername) {
    }

    private static final WebLogin WEB_LOGIN = new WebLogin("peercode-web",
            // At least 32 characters: quarkus-oidc then also uses it to encrypt the login state cookie (PKCE).
            "peercode-web-secret-for-tests-0123456789", "alice", "alice", "123456", "alice");

    private final OidcWiremockTestResource server = new OidcWiremockTestResource();
    private final String baseUrl;

    private TestIssuer() {
        Map<String, String> started = server.start();
        // keycloak.url is http://localhost:<port>/auth; the realm the test server serves is "quarkus".
        this.baseUrl = started.get("keycloak.url") + "/realms/quarkus";
    }

    /** Starts an issuer on a free port. */
    public static TestIssuer start() {
        return new TestIssuer();
    }

    /** The issuer's URL as the gateway is configured with it ({@code QUARKUS_OIDC_AUTH_SERVER_URL}). */
    public String authServerUrl() {
        return baseUrl;
    }

    /** The authorization endpoint, where the browser login form is. */
    public String authorizationEndpoint() {
        return baseUrl;
    }

    public WebLogin webLogin() {
        return WEB_LOGIN;
    }

    /**
     * A browser login that signs in {@code subject} (typed as the user name), for tests that need two people in
     * two browsers: the login form redirects back with a code of that person's, which the token endpoint
     * exchanges for their ID and access tokens.
     */
    public WebLogin webLoginAs(String subject) {
        String code = "code-of-" + subject;
        URI base = URI.create(baseUrl);
        WireMock admin = new WireMock(base.getHost(), base.getPort());
        admin.register(WireMock.get(WireMock.urlPathEqualTo("/login"))
                .withQueryParam("username", WireMock.equalTo(subject)).atPriority(1)
                .willReturn(WireMock.aResponse().withStatus(302)
                        .withHeader("Location", "{{request.query.redirect_uri}}?state={{request.query.state}}&code=" + code)
                        .withTransformers("response-template")));
        admin.register(WireMock.post(WireMock.urlPathEqualTo(base.getPath() + "/token"))
                .withRequestBody(WireMock.containing("code=" + code)).atPriority(1)
                .willReturn(WireMock.okJson("""
                        {"access_token":"%s","refresh_token":"refresh-of-%s","id_token":"%s"}""".formatted(
                        accessToken(subject), subject, OidcWiremockTestResource.getIdToken(subject,
                                WEB_LOGIN.clientId(), Map.of("sub", subject, "preferred_username", subject))))));
        return new WebLogin(WEB_LOGIN.clientId(), WEB_LOGIN.clientSecret(), subject, "secret", subject, subject);
    }

    /** A valid access token (JWT, five minutes) for {@code subject}, as a person's OIDC client would hold it. */
    public String accessToken(String subject) {
        return sign(claims(subject));
    }

    /** A valid access token for {@code subject} that also carries the person's {@code name} claim. */
    public String accessToken(String subject, String name) {
        return sign(claims(subject).claim("name", name));
    }

    /** An access token that expired ten minutes ago. */
    public String expiredAccessToken(String subject) {
        long now = Instant.now().getEpochSecond();
        return sign(claims(subject).issuedAt(now - 1200).expiresAt(now - 600));
    }

    /** A valid, signed access token meant for another service ({@code aud} is not PeerCode's). */
    public String accessTokenForAudience(String subject, String audience) {
        return sign(claims(subject).audience(audience));
    }

    /** A token signed with this issuer's key that claims another issuer. */
    public String accessTokenFromIssuer(String subject, String issuer) {
        return sign(claims(subject).issuer(issuer));
    }

    /** The gateway's OIDC environment for this issuer: bearer tokens for the API and MCP, and the web login. */
    public Map<String, String> gatewayEnvironment() {
        return Map.of(
                "QUARKUS_OIDC_AUTH_SERVER_URL", authServerUrl(),
                "QUARKUS_OIDC_TOKEN_ISSUER", ISSUER,
                "QUARKUS_OIDC_TOKEN_AUDIENCE", AUDIENCE,
                "QUARKUS_OIDC_WEB_CLIENT_ID", WEB_LOGIN.clientId(),
                "QUARKUS_OIDC_WEB_CREDENTIALS_SECRET", WEB_LOGIN.clientSecret());
    }

    private static JwtClaimsBuilder claims(String subject) {
        return Jwt.subject(subject).issuer(ISSUER).audience(AUDIENCE).preferredUserName(subject)
                .groups(Set.of("user")).expiresIn(300);
    }

    private static String sign(JwtClaimsBuilder claims) {
        return claims.jws().keyId("1").sign("privateKey.jwk");
    }

    @Override
    public void close() {
        server.stop();
    }
}
