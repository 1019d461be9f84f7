package dev.peercode.gateway.identity;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.mcp.server.test.McpAssured;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.MultiMap;

/**
 * DESIGN.md §7 with authentication on, what the gateway decides by itself: no token, an expired, a
 * wrong-audience or a wrong-issuer JWT is refused on every MCP and REST route (401 pointing at the
 * protected resource metadata) before anything is asked upstream; the metadata MCP clients discover the
 * issuer with, also behind a TLS-terminating proxy; the web UI's login redirect; and 503, not 500, when
 * the planner that verifies agent tokens is down. Membership, roles and agent tokens need the planner's
 * answers: e2e-tests {@code AuthIT}, against the real services.
 */
@QuarkusTest
@TestProfile(AuthOnProfile.class)
class AuthTest {

    static final String P = "proj_AAAAAAAAAAAAAAAA";
    static final String AGENT_TOKEN = "pct_bobInProjectP000000000000000";

    /** Every tool; all take a projectId, so all are checked for membership. */
    static final List<String> TOOLS = List.of("peercode_get_project", "peercode_create_phase", "peercode_create_task",
            "peercode_update_task", "peercode_move_task", "peercode_lock_file", "peercode_release_lock",
            "peercode_get_deltas", "peercode_push_delta", "peercode_start_debate", "peercode_respond_debate",
            "peercode_replan", "peercode_sync_github");

    /** Every REST route, with ids of project P filled in. */
    static final List<String[]> ROUTES = List.of(
            r("GET", "/api/v1/projects"), r("POST", "/api/v1/projects"),
            r("GET", "/api/v1/projects/" + P),
            r("GET", "/api/v1/projects/" + P + "/phases"), r("POST", "/api/v1/projects/" + P + "/phases"),
            r("GET", "/api/v1/projects/" + P + "/tasks"), r("POST", "/api/v1/projects/" + P + "/tasks"),
            r("GET", "/api/v1/projects/" + P + "/tasks/task_AAAAAAAAAAAA"),
            r("PATCH", "/api/v1/projects/" + P + "/tasks/task_AAAAAAAAAAAA"),
            r("POST", "/api/v1/projects/" + P + "/tasks/task_AAAAAAAAAAAA/claim"),
            r("POST", "/api/v1/projects/" + P + "/tasks/task_AAAAAAAAAAAA/move"),
            r("GET", "/api/v1/projects/" + P + "/locks"), r("GET", "/api/v1/projects/" + P + "/locks/check"),
            r("POST", "/api/v1/projects/" + P + "/locks"), r("POST", "/api/v1/projects/" + P + "/locks/release"),
            r("POST", "/api/v1/projects/" + P + "/locks/force-release"),
            r("GET", "/api/v1/projects/" + P + "/deltas"), r("GET", "/api/v1/projects/" + P + "/deltas/digest"),
            r("POST", "/api/v1/projects/" + P + "/deltas"), r("GET", "/api/v1/projects/" + P + "/events"),
            r("GET", "/api/v1/projects/" + P + "/sessions/alice/digest"),
            r("GET", "/api/v1/projects/" + P + "/debates"), r("POST", "/api/v1/projects/" + P + "/debates"),
            r("POST", "/api/v1/projects/" + P + "/debates/debate_AAAAAAAAAAAA/responses"),
            r("POST", "/api/v1/projects/" + P + "/debates/debate_AAAAAAAAAAAA/decision"),
            r("POST", "/api/v1/projects/" + P + "/replan"),
            r("GET", "/api/v1/projects/" + P + "/sync"), r("POST", "/api/v1/projects/" + P + "/sync/start"),
            r("POST", "/api/v1/projects/" + P + "/sync/complete"), r("POST", "/api/v1/projects/" + P + "/sync/abort"),
            r("GET", "/api/v1/projects/" + P + "/tokens"), r("POST", "/api/v1/projects/" + P + "/tokens"),
            r("DELETE", "/api/v1/projects/" + P + "/tokens/tok_1"));

    @TestHTTPResource
    URI baseUri;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    KeptAccessTokens keptTokens;

    @BeforeEach
    void resetBreakers() {
        breakers.resetAll();
    }

    // ---- no token, bad tokens: 401 with the resource metadata pointer -------------------------------

    @Test
    void everyRestRouteIsRefusedWithoutAToken() {
        for (String[] route : ROUTES) {
            send(given(), route).then().statusCode(401)
                    .header("WWW-Authenticate", containsString("resource_metadata="));
        }
    }

    @Test
    void theMcpEndpointAndEveryToolAreRefusedWithoutAToken() {
        AtomicReference<McpAssured.ConnectFailureResponse> failure = new AtomicReference<>();
        McpAssured.newStreamableClient().setBaseUri(baseUri).setExpectConnectFailure(failure::set).build().connect();
        assertThat(failure.get().statusCode()).isEqualTo(401);
        assertThat(failure.get().firstHeader("WWW-Authenticate"))
                .startsWith("Bearer")
                .contains("resource_metadata=\"" + metadataUrl() + "\"");
        for (String tool : TOOLS) {
            given().contentType(ContentType.JSON).accept("application/json, text/event-stream")
                    .body(Map.of("jsonrpc", "2.0", "id", 1, "method", "tools/call",
                            "params", Map.of("name", tool, "arguments", Map.of("projectId", P, "sessionId", "bob"))))
                    .when().post("/mcp").then().statusCode(401)
                    .header("WWW-Authenticate", containsString("resource_metadata="));
        }
        given().when().get("/mcp/sse").then().statusCode(401);
    }

    @Test
    void expiredWrongAudienceAndWrongIssuerTokensAreRefusedWithoutAskingThePlanner() {
        for (String token : List.of(
                sign(jwt("alice").issuedAt(System.currentTimeMillis() / 1000 - 1200)
                        .expiresAt(System.currentTimeMillis() / 1000 - 600)),
                sign(jwt("alice").audience("someone-else")),
                sign(jwt("alice").issuer("https://evil.example.com")),
                "not-a-jwt")) {
            given().auth().oauth2(token).when().get("/api/v1/projects/" + P).then().statusCode(401);
            AtomicReference<McpAssured.ConnectFailureResponse> failure = new AtomicReference<>();
            McpAssured.newStreamableClient().setBaseUri(baseUri).setAdditionalHeaders(m -> bearer(token))
                    .setExpectConnectFailure(failure::set).build().connect();
            assertThat(failure.get().statusCode()).as(token).isEqualTo(401);
        }
    }

    /**
     * A verified access token is kept until its exp (KeptAccessTokens), and keeping it lets nothing else in: a
     * tampered token (another signature, or alice's signature on mallory's claims), another audience or issuer, and
     * the kept token itself once expired are refused with 401, as they are by quarkus-oidc.
     */
    @Test
    void aKeptAccessTokenLetsNoTamperedWrongAudienceOrExpiredTokenIn() {
        long now = System.currentTimeMillis() / 1000;
        String alice = sign(jwt("alice").expiresAt(now + 6));
        given().auth().oauth2(alice).when().get("/api/v1/projects/" + P).then().statusCode(not(401));
        assertThat(keptTokens.keeps(alice)).as("kept after quarkus-oidc accepted it").isTrue();
        long served = keptTokens.served();
        given().auth().oauth2(alice).when().get("/api/v1/projects/" + P).then().statusCode(not(401));
        assertThat(keptTokens.served()).as("the second call is answered from what is kept, ahead of quarkus-oidc")
                .isEqualTo(served + 1);

        String[] parts = alice.split("\\.");
        char flipped = parts[2].charAt(20) == 'A' ? 'B' : 'A';
        String otherSignature = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 20) + flipped
                + parts[2].substring(21);
        String malloryClaims = sign(jwt("mallory").expiresAt(now + 6)).split("\\.")[1];
        for (String token : List.of(otherSignature, parts[0] + "." + malloryClaims + "." + parts[2],
                sign(jwt("alice").audience("someone-else")), sign(jwt("alice").issuer("https://evil.example.com")))) {
            given().auth().oauth2(token).when().get("/api/v1/projects/" + P).then().statusCode(401);
            assertThat(keptTokens.keeps(token)).isFalse();
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() -> given().auth().oauth2(alice).when().get("/api/v1/projects/" + P).statusCode() == 401);
        assertThat(keptTokens.keeps(alice)).as("not kept past its exp").isFalse();
    }

    /**
     * An MCP session belongs to whoever created it: another person who learned its id gets the answer for an
     * unknown session (404) on every request in it, the creator keeps using it.
     */
    @Test
    void anMcpSessionIsUsableOnlyByTheIdentityThatCreatedIt() {
        String alice = sign(jwt("alice"));
        String mallory = sign(jwt("mallory"));
        var client = McpAssured.newStreamableClient().setBaseUri(baseUri).setAdditionalHeaders(m -> bearer(alice))
                .build().connect();
        String session = client.mcpSessionId();
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}";
        given().auth().oauth2(mallory).header("Mcp-Session-Id", session).contentType(ContentType.JSON)
                .accept("application/json, text/event-stream").body(ping).when().post("/mcp").then().statusCode(404);
        given().auth().oauth2(mallory).header("Mcp-Session-Id", session).when().delete("/mcp").then().statusCode(404);
        given().auth().oauth2(alice).header("Mcp-Session-Id", session).contentType(ContentType.JSON)
                .accept("application/json, text/event-stream").body(ping).when().post("/mcp").then().statusCode(200);
    }

    /**
     * A valid JWT whose subject would change the planner URL it is put into ({@code /members/{subject}}):
     * refused as unusable (401) before any call upstream (which here would be a 503: the planner is down).
     */
    @Test
    void aSubjectThatCouldSteerAnInternalUrlIsRefusedBeforeAnyCall() {
        for (String subject : List.of("..", ".", "../../v1/projects", "a/b", "alice%2F..", "bob?x=1", "tab\tbed",
                "x".repeat(256))) {
            String token = sign(jwt(subject));
            // the second time from what this replica keeps (BearerTokenMechanism): refused all the same
            for (int call = 0; call < 2; call++) {
                given().auth().oauth2(token).when().get("/api/v1/projects/" + P).then().statusCode(401)
                        .body("detail", containsString("subject"));
            }
        }
    }

    // ---- the planner is down: agent tokens cannot be verified ----------------------------------------

    @Test
    void anAgentTokenThatCannotBeVerifiedIsAnswered503WithRetryAfterNot500() {
        given().auth().oauth2(AGENT_TOKEN).when().get("/api/v1/projects/" + P).then().statusCode(503)
                .header("Retry-After", "5")
                .contentType(containsString("application/problem+json"))
                .body("type", is("https://peercode.dev/problems/unavailable"))
                .body("detail", containsString("Your token could not be checked: the planner-service"))
                .body("detail", containsString("retry in 5 s"));
        // An MCP client gets the same: the HTTP status, Retry-After and the detail it shows the user.
        given().auth().oauth2(AGENT_TOKEN).contentType(ContentType.JSON).accept("application/json, text/event-stream")
                .body(Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params", Map.of(
                        "protocolVersion", "2025-06-18", "capabilities", Map.of(),
                        "clientInfo", Map.of("name", "t", "version", "1"))))
                .when().post("/mcp").then().statusCode(503).header("Retry-After", "5")
                .body("detail", containsString("Your token could not be checked"));
    }

    // ---- discovery and the web UI -------------------------------------------------------------------

    @Test
    void protectedResourceMetadataNamesTheIssuerAsJson() {
        given().when().get("/.well-known/oauth-protected-resource").then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("resource", is(origin()))
                .body("authorization_servers[0]", containsString("/auth/realms/quarkus"));
    }

    @Test
    void behindATlsTerminatingProxyTheMetadataAndEvery401NameThePublicHttpsUrl() {
        given().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "peercode.example.com")
                .when().get("/.well-known/oauth-protected-resource").then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("resource", is("https://peercode.example.com"));
        given().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "peercode.example.com")
                .when().get("/api/v1/projects").then().statusCode(401)
                .header("WWW-Authenticate", containsString(
                        "resource_metadata=\"https://peercode.example.com/.well-known/oauth-protected-resource\""));
    }

    /**
     * A kept access token is answered ahead of quarkus-oidc on the bearer routes only: on the web UI, whose tenant takes
     * no bearer tokens, it is still no login (redirected to the issuer), and nothing is answered from what is kept.
     */
    @Test
    void aKeptAccessTokenIsNoWebLogin() {
        String alice = sign(jwt("alice"));
        given().auth().oauth2(alice).when().get("/api/v1/projects/" + P).then().statusCode(not(401));
        assertThat(keptTokens.keeps(alice)).isTrue();
        long served = keptTokens.served();
        for (String page : List.of("/ui", "/ui/projects/" + P, "/mcp/../ui")) {
            given().redirects().follow(false).auth().oauth2(alice).urlEncodingEnabled(false).when().get(page).then()
                    .statusCode(302).header("Location", containsString("/auth/realms/quarkus"));
        }
        assertThat(keptTokens.served()).as("no page answered from a kept bearer token").isEqualTo(served);
        given().auth().oauth2(alice).when().get("/api/v1/projects/" + P).then().statusCode(not(401));
        assertThat(keptTokens.served()).as("the bearer route is").isEqualTo(served + 1);
    }

    @Test
    void theWebUiRedirectsToTheIssuersLoginAndTheLandingPageStaysPublic() {
        given().redirects().follow(false).when().get("/ui").then().statusCode(302)
                .header("Location", containsString("/auth/realms/quarkus"));
        given().when().get("/").then().statusCode(200).contentType(containsString("text/html"));
        given().when().get("/q/health/live").then().statusCode(200);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static String[] r(String method, String path) {
        return new String[] { method, path };
    }

    private static io.restassured.response.Response send(RequestSpecification spec, String[] route) {
        RequestSpecification s = spec.redirects().follow(false);
        if (!route[0].equals("GET") && !route[0].equals("DELETE")) {
            s = s.contentType(ContentType.JSON).body("{}");
        }
        return s.when().request(route[0], route[1]);
    }

    private String origin() {
        return "http://" + baseUri.getHost() + ":" + baseUri.getPort();
    }

    /** Where the resource metadata is: this gateway's own URL, as the client reached it. */
    private String metadataUrl() {
        return origin() + "/.well-known/oauth-protected-resource";
    }

    private static io.smallrye.jwt.build.JwtClaimsBuilder jwt(String subject) {
        return Jwt.subject(subject).issuer(AuthOnProfile.ISSUER).audience(AuthOnProfile.AUDIENCE)
                .preferredUserName(subject).groups(Set.of("user"));
    }

    private static String sign(io.smallrye.jwt.build.JwtClaimsBuilder claims) {
        return claims.jws().keyId("1").sign("privateKey.jwk");
    }

    private static MultiMap bearer(String token) {
        return MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token);
    }

}
