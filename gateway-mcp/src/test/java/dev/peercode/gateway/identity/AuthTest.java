package dev.peercode.gateway.identity;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkiverse.mcp.server.test.McpAssured;
import io.quarkiverse.mcp.server.test.McpAssured.McpStreamableTestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.MultiMap;

/**
 * DESIGN.md §7 with authentication on: bearer tokens on every MCP and REST route (OIDC JWTs with the
 * audience checked, PeerCode agent tokens verified by the planner on each call), membership (404 for a
 * project the caller is not in, the same as an unknown id), owner-only actions (403), the protected
 * resource metadata MCP clients discover the issuer with, and the web UI's login.
 */
@QuarkusTest
@TestProfile(AuthOnProfile.class)
class AuthTest {

    static final String P = "proj_AAAAAAAAAAAAAAAA";
    static final String Q = "proj_QQQQQQQQQQQQQQQQ";
    static final String AGENT_OF_P = "pct_bobInProjectP000000000000000";
    static final String REVOKED = "pct_revoked000000000000000000000";

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

    WireMockServer planner;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void planner() {
        planner = PlannerStub.server;
        breakers.resetAll();
        planner.resetAll();
        // Project P: alice owns it, bob is a member; mallory is in no project. Q exists, nobody here is in it.
        planner.stubFor(get(urlPathMatching("/v1/projects/proj_.*/members/.*")).atPriority(10)
                .willReturn(aResponse().withStatus(404)));
        planner.stubFor(get(urlPathEqualTo("/v1/projects/" + P + "/members/alice"))
                .willReturn(okJson(member(P, "alice", "owner"))));
        planner.stubFor(get(urlPathEqualTo("/v1/projects/" + P + "/members/bob"))
                .willReturn(okJson(member(P, "bob", "member"))));
        planner.stubFor(post(urlPathEqualTo("/v1/agent-tokens/verify")).atPriority(10)
                .willReturn(aResponse().withStatus(404)));
        planner.stubFor(post(urlPathEqualTo("/v1/agent-tokens/verify"))
                .withRequestBody(containing(AGENT_OF_P))
                .willReturn(okJson("""
                        {"projectId":"%s","memberSubject":"bob","role":"member","tokenId":"tok_1"}""".formatted(P))));
        for (String project : List.of(P, Q)) {
            planner.stubFor(get(urlPathEqualTo("/v1/projects/" + project)).willReturn(okJson("""
                    {"project":{"id":"%s","name":"X","syncBranch":"peer-progress","ownerSubject":"alice","lastSeq":7},
                     "plan":{"phases":[]}}""".formatted(project))));
        }
        planner.stubFor(get(urlPathMatching("/v1/projects/proj_.*/(debates|tasks|phases)")).willReturn(okJson("[]")));
        planner.stubFor(get(urlPathMatching("/v1/projects/proj_.*/(locks|presence)"))
                .willReturn(okJson("{\"locks\":[],\"sessions\":[]}")));
    }

    // ---- no token, bad tokens: 401 with the resource metadata pointer -------------------------------

    @Test
    void everyRestRouteIsRefusedWithoutAToken() {
        for (String[] route : ROUTES) {
            send(given(), route).then().statusCode(401)
                    .header("WWW-Authenticate", containsString("resource_metadata="));
        }
        assertThat(planner.getAllServeEvents()).isEmpty();
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
        assertThat(planner.getAllServeEvents()).isEmpty();
    }

    @Test
    void expiredWrongAudienceWrongIssuerAndUnknownAgentTokensAreRefused() {
        for (String token : List.of(
                sign(jwt("alice").issuedAt(System.currentTimeMillis() / 1000 - 1200)
                        .expiresAt(System.currentTimeMillis() / 1000 - 600)),
                sign(jwt("alice").audience("someone-else")),
                sign(jwt("alice").issuer("https://evil.example.com")),
                "not-a-jwt",
                REVOKED)) {
            given().auth().oauth2(token).when().get("/api/v1/projects/" + P).then().statusCode(401);
            AtomicReference<McpAssured.ConnectFailureResponse> failure = new AtomicReference<>();
            McpAssured.newStreamableClient().setBaseUri(baseUri).setAdditionalHeaders(m -> bearer(token))
                    .setExpectConnectFailure(failure::set).build().connect();
            assertThat(failure.get().statusCode()).as(token).isEqualTo(401);
        }
    }

    // ---- membership: another project answers 404, like an unknown id --------------------------------

    @Test
    void aPersonSeesOnlyProjectsItIsAMemberOf() {
        String alice = sign(jwt("alice"));
        given().auth().oauth2(alice).when().get("/api/v1/projects/" + P).then().statusCode(200)
                .body("project.id", is(P));
        given().auth().oauth2(alice).when().get("/api/v1/projects/" + Q).then().statusCode(404)
                .contentType(containsString("application/problem+json"))
                .body("detail", is("project " + Q + " does not exist"));
        String mallory = sign(jwt("mallory"));
        planner.resetRequests();
        for (String[] route : ROUTES) {
            if (route[1].contains(P)) {
                send(given().auth().oauth2(mallory), route).then().statusCode(404);
            }
        }
        // Nothing was written for mallory: only membership lookups reached the planner.
        assertThat(planner.getAllServeEvents()).allSatisfy(e -> assertThat(e.getRequest().getUrl())
                .contains("/members/mallory"));
    }

    @Test
    void everyToolAnswersNotFoundForAProjectTheCallerIsNotIn() {
        for (String token : List.of(sign(jwt("mallory")), AGENT_OF_P)) {
            String project = token.equals(AGENT_OF_P) ? Q : P;
            McpStreamableTestClient client = McpAssured.newStreamableClient().setBaseUri(baseUri)
                    .setAdditionalHeaders(m -> bearer(token)).build().connect();
            for (String tool : TOOLS) {
                client.when().toolsCall(tool).withArguments(Map.of("projectId", project, "sessionId", "bob"))
                        .withAssert(r -> assertThat(r.isError()).as(tool).isTrue())
                        .withAssert(r -> assertThat(text(r)).as(tool).contains("does not exist"))
                        .send();
            }
            client.when().toolsCall("peercode_get_project").withArguments(Map.of("projectId", project,
                    "sessionId", "bob")).withAssert(r -> assertThat(text(r)).doesNotContain("\"lastSeq\"")).send()
                    .thenAssertResults();
            client.disconnect();
        }
        // Writes never reached the planner or the lock service.
        assertThat(planner.getAllServeEvents()).noneMatch(e -> !e.getRequest().getMethod().isOneOf(
                com.github.tomakehurst.wiremock.http.RequestMethod.GET)
                && !e.getRequest().getUrl().equals("/v1/agent-tokens/verify"));
    }

    @Test
    void anAgentTokenReachesOnlyItsProjectAndActsAsItsMember() {
        given().auth().oauth2(AGENT_OF_P).when().get("/api/v1/projects/" + P).then().statusCode(200);
        given().auth().oauth2(AGENT_OF_P).when().get("/api/v1/projects/" + Q).then().statusCode(404);
        given().auth().oauth2(AGENT_OF_P).when().get("/api/v1/projects").then().statusCode(200)
                .body("id", hasItem(P)).body("size()", is(1));
        given().auth().oauth2(AGENT_OF_P).contentType(ContentType.JSON).body(Map.of("name", "mine"))
                .when().post("/api/v1/projects").then().statusCode(403);
        McpStreamableTestClient client = McpAssured.newStreamableClient().setBaseUri(baseUri)
                .setAdditionalHeaders(m -> bearer(AGENT_OF_P)).build().connect();
        client.when().toolsCall("peercode_get_project").withArguments(Map.of("projectId", P, "sessionId", "bob"))
                .withAssert(r -> assertThat(text(r)).contains("\"lastSeq\":7")).send().thenAssertResults();
        client.disconnect();
    }

    @Test
    void aRevokedAgentTokenIsRefusedWithItsNextCall() {
        given().auth().oauth2(AGENT_OF_P).when().get("/api/v1/projects/" + P).then().statusCode(200);
        planner.stubFor(delete(urlPathEqualTo("/v1/projects/" + P + "/agent-tokens/tok_1"))
                .willReturn(aResponse().withStatus(204)));
        given().auth().oauth2(sign(jwt("alice"))).when().delete("/api/v1/projects/" + P + "/tokens/tok_1")
                .then().statusCode(204);
        planner.verify(deleteRequestedFor(urlPathEqualTo("/v1/projects/" + P + "/agent-tokens/tok_1")));
        // The planner now refuses it (it is revoked); the gateway keeps no cache, so the next call fails.
        planner.stubFor(post(urlPathEqualTo("/v1/agent-tokens/verify")).withRequestBody(containing(AGENT_OF_P))
                .willReturn(aResponse().withStatus(404)));
        given().auth().oauth2(AGENT_OF_P).when().get("/api/v1/projects/" + P).then().statusCode(401);
    }

    // ---- owners only ------------------------------------------------------------------------------

    @Test
    void ownerOnlyActionsAreRefusedForPlainMembersAndAgentTokens() {
        for (String token : List.of(sign(jwt("bob")), AGENT_OF_P)) {
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("reason", "stuck", "holder", "carol"))
                    .when().post("/api/v1/projects/" + P + "/locks/force-release?session=bob")
                    .then().statusCode(403).contentType(containsString("application/problem+json"));
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("choice", "a"))
                    .when().post("/api/v1/projects/" + P + "/debates/debate_AAAAAAAAAAAA/decision")
                    .then().statusCode(403);
            given().auth().oauth2(token).when().get("/api/v1/projects/" + P + "/tokens").then().statusCode(403);
            given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("name", "ci"))
                    .when().post("/api/v1/projects/" + P + "/tokens").then().statusCode(403);
            given().auth().oauth2(token).when().delete("/api/v1/projects/" + P + "/tokens/tok_1")
                    .then().statusCode(403);
            McpStreamableTestClient client = McpAssured.newStreamableClient().setBaseUri(baseUri)
                    .setAdditionalHeaders(m -> bearer(token)).build().connect();
            client.when().toolsCall("peercode_release_lock").withArguments(Map.of("projectId", P, "sessionId", "bob",
                    "force", true, "holder", "carol", "reason", "stuck"))
                    .withAssert(r -> assertThat(text(r)).contains("Only a project owner")).send().thenAssertResults();
            client.disconnect();
        }
        planner.verify(0, postRequestedFor(urlPathMatching("/v1/projects/.*/agent-tokens")));
        assertThat(planner.getAllServeEvents()).noneMatch(e -> e.getRequest().getUrl().contains("force-release")
                || e.getRequest().getUrl().contains("/decision"));
    }

    @Test
    void anOwnerCreatesAnAgentTokenShownOnceWithAReadyMcpJson() {
        planner.stubFor(post(urlPathEqualTo("/v1/projects/" + P + "/agent-tokens"))
                .withRequestBody(containing("\"memberSubject\":\"alice\""))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("""
                        {"tokenId":"tok_2","token":"pct_secret","projectId":"%s","memberSubject":"alice","name":"ci",
                         "createdAt":"2026-01-01T00:00:00Z"}""".formatted(P))));
        planner.stubFor(get(urlPathEqualTo("/v1/projects/" + P + "/agent-tokens")).willReturn(okJson("""
                [{"tokenId":"tok_2","projectId":"%s","memberSubject":"alice","name":"ci",
                  "createdAt":"2026-01-01T00:00:00Z","lastUsedAt":"2026-01-01T00:05:00Z"}]""".formatted(P))));
        String alice = sign(jwt("alice"));
        given().auth().oauth2(alice).contentType(ContentType.JSON).body(Map.of("name", "ci"))
                .when().post("/api/v1/projects/" + P + "/tokens").then().statusCode(201)
                .header("Location", containsString("/api/v1/projects/" + P + "/tokens/tok_2"))
                .body("token", is("pct_secret"))
                .body("mcpJson.mcpServers.peercode.url", is(origin() + "/mcp"))
                .body("mcpJson.mcpServers.peercode.headers.Authorization", is("Bearer pct_secret"))
                .body("mcpJson.mcpServers.peercode.headers.X-PeerCode-Project", is(P));
        String list = given().auth().oauth2(alice).when().get("/api/v1/projects/" + P + "/tokens").then()
                .statusCode(200).body("[0].lastUsedAt", startsWith("2026-01-01T00:05")).extract().asString();
        assertThat(list).doesNotContain("pct_");
    }

    @Test
    void creatingAProjectMakesTheAuthenticatedSubjectItsOwner() {
        planner.stubFor(post(urlPathEqualTo("/v1/projects")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("""
                        {"id":"%s","name":"New","syncBranch":"peer-progress","ownerSubject":"carol","lastSeq":0}"""
                        .formatted(P))));
        given().auth().oauth2(sign(jwt("carol"))).contentType(ContentType.JSON).body(Map.of("name", "New"))
                .when().post("/api/v1/projects").then().statusCode(201);
        planner.verify(postRequestedFor(urlPathEqualTo("/v1/projects"))
                .withRequestBody(containing("\"ownerSubject\":\"carol\"")));
    }

    // ---- discovery and the web UI -------------------------------------------------------------------

    @Test
    void protectedResourceMetadataNamesTheIssuer() {
        given().when().get("/.well-known/oauth-protected-resource").then().log().ifValidationFails().statusCode(200)
                .defaultParser(io.restassured.parsing.Parser.JSON)
                .body("resource", is(origin().replace("http:", "https:")))
                .body("authorization_servers[0]", containsString("/auth/realms/quarkus"));
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

    /** Where the resource metadata is: https, as the gateway runs behind TLS outside tests (force-https-scheme). */
    private String metadataUrl() {
        return "https://" + baseUri.getHost() + ":" + baseUri.getPort() + "/.well-known/oauth-protected-resource";
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

    private static String text(ToolResponse r) {
        return r.content().isEmpty() ? "" : ((TextContent) r.content().get(0)).text();
    }

    private static String member(String project, String subject, String role) {
        return """
                {"projectId":"%s","subject":"%s","role":"%s","addedAt":"2026-01-01T00:00:00Z"}"""
                .formatted(project, subject, role);
    }
}
