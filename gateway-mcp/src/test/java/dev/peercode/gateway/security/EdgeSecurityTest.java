package dev.peercode.gateway.security;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.peercode.gateway.client.WireMockBackends;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * The gateway's edge: rate limit per caller (429 + Retry-After), the MCP Origin check (403), body size
 * (413) and JSON depth/length (400) limits, and the credential it sends upstream: always its own
 * internal token, never the caller's Authorization header. Backends are WireMock, which records exactly
 * what the gateway sent.
 */
@QuarkusTest
@TestProfile(TinyLimits.class)
@QuarkusTestResource(value = PatientWireMockBackends.class, restrictToAnnotatedClass = true)
class EdgeSecurityTest {

    @Inject
    GatewaySecret secret;

    private static final String PROJECT = "proj_AAAAAAAAAAAAAAAA";
    private static final String PROJECT_JSON = """
            {"project":{"id":"%s","name":"X","syncBranch":"peer-progress","ownerSubject":"local","lastSeq":7},
             "plan":{"phases":[]}}""".formatted(PROJECT);
    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18",
             "capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";

    @BeforeEach
    void reset() {
        WireMockBackends.server.resetAll();
        WireMockBackends.server.stubFor(get(urlPathEqualTo("/v1/projects/" + PROJECT)).willReturn(okJson(PROJECT_JSON)));
    }

    /** Each test is its own caller, so buckets never leak between tests. */
    private static String caller() {
        return "Bearer user-" + UUID.randomUUID();
    }

    @Test
    void theCallersAuthorizationIsNeverForwardedOnlyTheInternalToken() {
        String user = caller();
        given().header("Authorization", user).when().get("/api/v1/projects/" + PROJECT).then().statusCode(200);
        WireMockBackends.server.verify(getRequestedFor(urlPathEqualTo("/v1/projects/" + PROJECT))
                .withHeader("Authorization", equalTo("Bearer test-internal-token-0123456789")));
        WireMockBackends.server.getAllServeEvents().forEach(event -> {
            assertThat(event.getRequest().getHeaders().getHeader("Authorization").values())
                    .containsExactly("Bearer test-internal-token-0123456789");
            assertThat(event.getRequest().getHeaders().all().toString()).doesNotContain(user.substring(7));
        });
    }

    @Test
    void aCallerOverItsRateIs429WithRetryAfterOthersAreNotAffected() {
        String greedy = caller();
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", greedy).when().get("/api/v1/projects/" + PROJECT).then().statusCode(200);
        }
        Response limited = given().header("Authorization", greedy).when().get("/api/v1/projects/" + PROJECT);
        limited.then().statusCode(429)
                .contentType(containsString("application/problem+json"))
                .body("type", is("https://peercode.dev/problems/rate-limited"))
                .body("status", is(429));
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 10);
        // The same caller on the MCP endpoint: a bare 429 with Retry-After.
        given().header("Authorization", greedy).contentType("application/json").accept("application/json, text/event-stream")
                .body(INITIALIZE).when().post("/mcp")
                .then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue());
        // Another token has its own bucket.
        given().header("Authorization", caller()).when().get("/api/v1/projects/" + PROJECT).then().statusCode(200);
    }

    @Test
    void aRequestForwardedByAnotherReplicaIsNotCountedTwiceButTheMarkerAloneIsNotTrusted() {
        String caller = caller();
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", caller).when().get("/api/v1/projects/" + PROJECT).then().statusCode(200);
        }
        // A forged marker, or the marker with a wrong credential, is still a caller over its limit.
        given().header("Authorization", caller).header("X-PeerCode-Forwarded-By", "http://10.0.0.7:8080")
                .when().get("/api/v1/projects/" + PROJECT).then().statusCode(429);
        given().header("Authorization", caller).header("X-PeerCode-Forwarded-By", "http://10.0.0.7:8080")
                .header("X-PeerCode-Hop-Credential", "test-internal-token-0123456788")
                .when().get("/api/v1/projects/" + PROJECT).then().statusCode(429);
        // The internal credential (which the backends hold too) does not open the hop either.
        given().header("Authorization", caller).header("X-PeerCode-Forwarded-By", "http://10.0.0.7:8080")
                .header("X-PeerCode-Hop-Credential", "test-internal-token-0123456789")
                .when().get("/api/v1/projects/" + PROJECT).then().statusCode(429);
        // The replica that forwarded it already counted it: the owner serves it.
        given().header("Authorization", caller).header("X-PeerCode-Forwarded-By", "http://10.0.0.7:8080")
                .header("X-PeerCode-Hop-Credential", secret.hopCredential().orElseThrow())
                .when().get("/api/v1/projects/" + PROJECT).then().statusCode(200);
    }

    @Test
    void mcpRefusesForeignOriginsAndAcceptsAllowedOnesAndNonBrowserClients() {
        for (String origin : new String[] { "http://evil.example", "http://localhost.evil.example:8080", "null",
                "http://localhost:80x", "https://peercode.example.com:8443" }) {
            given().header("Authorization", caller()).header("Origin", origin).contentType("application/json")
                    .accept("application/json, text/event-stream").body(INITIALIZE).when().post("/mcp")
                    .then().statusCode(403);
            given().header("Authorization", caller()).header("Origin", origin).when().get("/mcp/sse")
                    .then().statusCode(403);
        }
        for (String origin : new String[] { "http://localhost:5173", "http://localhost", "https://peercode.example.com",
                null }) {
            var request = given().header("Authorization", caller()).contentType("application/json")
                    .accept("application/json, text/event-stream").body(INITIALIZE);
            if (origin != null) {
                request.header("Origin", origin);
            }
            request.when().post("/mcp").then().statusCode(200);
        }
    }

    /**
     * The web UI's browser security headers (configuration, {@code quarkus.http.header.*}) are on every {@code /ui}
     * answer, a page or a refusal, and only there.
     */
    @Test
    void everyWebUiAnswerCarriesTheBrowserSecurityHeaders() {
        for (Response answer : new Response[] { given().when().get("/ui"), given().when().get("/ui/projects/" + PROJECT),
                given().contentType("text/plain").body("x").when().post("/ui/projects") }) {
            assertThat(answer.header("Content-Security-Policy")).contains("default-src 'self'; script-src 'self'; ",
                    "style-src 'self' 'unsafe-inline'", "frame-ancestors 'none'");
            assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(answer.header("Referrer-Policy")).isEqualTo("same-origin");
        }
        assertThat(given().header("Authorization", caller()).when().get("/api/v1/projects/" + PROJECT)
                .header("Content-Security-Policy")).isNull();
        assertThat(given().when().get("/uix").header("X-Frame-Options")).isNull();
    }

    @Test
    void oversizedBodiesAre413() {
        String big = "{\"name\":\"" + "x".repeat(1_100_000) + "\"}";
        given().header("Authorization", caller()).contentType("application/json").body(big)
                .when().post("/api/v1/projects?session=alice").then().statusCode(413);
        given().header("Authorization", caller()).contentType("application/json")
                .accept("application/json, text/event-stream").body(big).when().post("/mcp").then().statusCode(413);
    }

    @Test
    void deeplyNestedOrHugeStringJsonIs400ProblemJson() {
        String nested = "{\"name\":\"n\",\"extra\":" + "[".repeat(200) + "]".repeat(200) + "}";
        given().header("Authorization", caller()).contentType("application/json").body(nested)
                .when().post("/api/v1/projects?session=alice")
                .then().statusCode(400).contentType(containsString("application/problem+json"))
                .body("type", is("https://peercode.dev/problems/validation"))
                .body("errors[0].field", is("body"));
        // Wrong JSON types are problem+json too (not Quarkus' built-in plain JSON answer).
        given().header("Authorization", caller()).contentType("application/json").body("{\"name\":[1]}")
                .when().post("/api/v1/projects?session=alice")
                .then().statusCode(400).contentType(containsString("application/problem+json"));
        String longString = "{\"name\":\"" + "x".repeat(1_000_100) + "\"}";
        given().header("Authorization", caller()).contentType("application/json").body(longString)
                .when().post("/api/v1/projects?session=alice")
                .then().statusCode(400).contentType(containsString("application/problem+json"));
        // Nothing reached a backend.
        assertThat(WireMockBackends.server.getAllServeEvents()).isEmpty();
    }
}
