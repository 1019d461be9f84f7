package dev.peercode.gateway.security;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.peercode.gateway.client.WireMockBackends;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Local mode against what a web page of another site can make a browser send: a DNS-rebound page (its own host
 * name resolving to 127.0.0.1), a cross-site form or {@code fetch(no-cors)} post, a JSON body sent as
 * {@code text/plain} or with no type, a web UI post without a form type or from another origin. Each is refused
 * before anything reaches a backend (WireMock records every call); the same requests from the gateway's own
 * pages pass.
 */
@QuarkusTest
@QuarkusTestResource(value = PatientWireMockBackends.class, restrictToAnnotatedClass = true)
class BrowserGuardTest {

    private static final String PROJECT_JSON = """
            {"id":"proj_UUUUUUUUUUUUUUUU","name":"Web","syncBranch":"peer-progress","ownerSubject":"local","lastSeq":1}""";

    @TestHTTPResource
    URI base;

    @BeforeEach
    void stubs() {
        WireMockBackends.plannerCreatingProjects(PROJECT_JSON);
    }

    private String self() {
        return "http://localhost:" + base.getPort();
    }

    @Test
    void aDnsRebindingHostNameIsRefusedOnEveryPathAndLoopbackNamesAreServed() {
        for (String host : new String[] { "evil.example", "evil.example:" + base.getPort(), "127.0.0.1.nip.io",
                "localhost.evil.example", "0x7f000001" }) {
            for (String path : new String[] { "/api/v1/projects", "/ui", "/mcp", "/q/health/live" }) {
                given().header("Host", host).when().get(path).then().statusCode(403)
                        .contentType(containsString("application/problem+json"))
                        .body("type", is("https://peercode.dev/problems/host-not-allowed"));
            }
            given().header("Host", host).contentType("application/json").body("{\"name\":\"rebound\"}")
                    .when().post("/api/v1/projects?session=alice").then().statusCode(403);
        }
        assertThat(WireMockBackends.server.getAllServeEvents()).isEmpty();
        for (String host : new String[] { "localhost", "localhost:" + base.getPort(), "127.0.0.1:1", "[::1]:8080",
                "LOCALHOST" }) {
            given().header("Host", host).when().get("/api/v1/projects").then().statusCode(200);
        }
    }

    @Test
    void aCrossSitePostOnTheRestApiIsRefusedWhateverItsBody() {
        for (String origin : new String[] { "http://evil.example", "null", "http://localhost.evil.example" }) {
            given().header("Origin", origin).contentType("application/json").body("{\"name\":\"csrf\"}")
                    .when().post("/api/v1/projects?session=alice").then().statusCode(403)
                    .contentType(containsString("application/problem+json"))
                    .body("type", is("https://peercode.dev/problems/origin-not-allowed"));
            // fetch(url, {method: 'POST', mode: 'no-cors'}): no body, no Content-Type, only the Origin.
            given().header("Origin", origin).when().post("/api/v1/projects/proj_UUUUUUUUUUUUUUUU/tokens")
                    .then().statusCode(403);
        }
        assertThat(WireMockBackends.server.getAllServeEvents()).isEmpty();
        given().header("Origin", self()).contentType("application/json").body("{\"name\":\"mine\"}")
                .when().post("/api/v1/projects?session=alice").then().statusCode(201);
    }

    @Test
    void aJsonBodyWithoutAJsonContentTypeIs415AndReachesNoBackend() {
        // What a cross-site <form enctype="text/plain"> or fetch(no-cors) can send without a CORS preflight.
        for (String type : new String[] { "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                "text/plain;charset=UTF-8" }) {
            HttpResponse<String> refused = rawPost("/api/v1/projects?session=alice", type);
            assertThat(refused.statusCode()).isEqualTo(415);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.body()).contains("https://peercode.dev/problems/unsupported-media-type", "JSON");
            assertThat(rawPost("/mcp", type).statusCode()).isEqualTo(415);
        }
        assertThat(rawPost("/api/v1/projects?session=alice", null).statusCode()).isEqualTo(415);
        assertThat(WireMockBackends.server.getAllServeEvents()).isEmpty();
        given().contentType("application/json; charset=utf-8").body("{\"name\":\"typed\"}")
                .when().post("/api/v1/projects?session=alice").then().statusCode(201);
    }

    @Test
    void webUiPostsNeedAFormTypeAndTheGatewaysOwnOriginAndTheirToken() {
        Page page = Page.open();
        // No body, no Content-Type (what passed the CSRF filter before): 415.
        given().noContentType().cookie("csrf-token", page.cookie).header("Origin", self()).redirects().follow(false)
                .when().post("/ui/projects").then().statusCode(415)
                .body("type", is("https://peercode.dev/problems/unsupported-media-type"));
        // A form with the right token, posted from another site (Origin), or by a client that names no origin.
        page.post().header("Origin", "http://evil.example").when().post("/ui/projects").then().statusCode(403);
        page.post().when().post("/ui/projects").then().statusCode(403)
                .body("type", is("https://peercode.dev/problems/cross-site-request"));
        page.post().header("Sec-Fetch-Site", "cross-site").when().post("/ui/projects").then().statusCode(403);
        // The page's own field with another page's cookie: the pair does not match.
        Page other = Page.open();
        given().cookie("csrf-token", other.cookie).header("Origin", self())
                .contentType("application/x-www-form-urlencoded").formParam("csrf-token", page.token)
                .formParam("name", "Mixed").redirects().follow(false).when().post("/ui/projects").then().statusCode(403)
                .body(containsString("reload the page"));
        assertThat(WireMockBackends.server.getAllServeEvents())
                .noneMatch(e -> e.getRequest().getMethod().getName().equals("POST"));

        page.post().header("Sec-Fetch-Site", "same-origin").when().post("/ui/projects").then().statusCode(303);
        page.post().header("Origin", self()).when().post("/ui/projects").then().statusCode(303);
    }

    @Test
    void webUiPagesCarryTheBrowserSecurityHeaders() {
        given().when().get("/ui").then().statusCode(200)
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin");
    }

    private HttpResponse<String> rawPost(String path, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"sneaky\"}"));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The projects page as a browser gets it: the CSRF cookie and the token in each form. */
    private record Page(String cookie, String token) {

        static Page open() {
            Response r = given().when().get("/ui");
            r.then().statusCode(200);
            Matcher m = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"").matcher(r.asString());
            assertThat(m.find()).isTrue();
            return new Page(r.getCookie("csrf-token"), m.group(1));
        }

        io.restassured.specification.RequestSpecification post() {
            return given().cookie("csrf-token", cookie).contentType("application/x-www-form-urlencoded")
                    .formParam("csrf-token", token).formParam("name", "Web").redirects().follow(false);
        }
    }
}
