package dev.peercode.gateway.web;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.peercode.gateway.client.WireMockBackends;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * What the gateway itself adds to the web UI: its assets come from Maven artifacts (no CDN), every form
 * post needs the CSRF token of the page it came from, and bad input or a refusal is a readable page that
 * names the field. The planner is a stub here; the UI against the real services, in a real browser, is
 * e2e-tests' WebUiIT.
 */
@QuarkusTest
@QuarkusTestResource(value = WireMockBackends.class, restrictToAnnotatedClass = true)
class WebUiTest {

    private static final String PROJECT = "proj_UUUUUUUUUUUUUUUU";

    @BeforeEach
    void stubs() {
        WireMockBackends.plannerCreatingProjects("""
                {"id":"%s","name":"Web","syncBranch":"peer-progress","ownerSubject":"local","lastSeq":1}"""
                .formatted(PROJECT));
    }

    @Test
    void htmxAndItsSseExtensionAndOurStylesAreServedFromTheGatewayWithoutVersionsInTheUrl() {
        given().when().get("/webjars/htmx.org/dist/htmx.min.js").then().statusCode(200)
                .body(containsString("htmx"));
        given().when().get("/webjars/htmx-ext-sse/sse.js").then().statusCode(200)
                .body(containsString("sse-connect"));
        given().when().get("/assets/peercode.css").then().statusCode(200);
        given().when().get("/assets/peercode.js").then().statusCode(200);
    }

    @Test
    void aFormPostWithoutThePagesCsrfTokenIsRefusedAndNothingIsCreated() {
        given().header("Sec-Fetch-Site", "same-origin").contentType("application/x-www-form-urlencoded")
                .formParam("name", "Web")
                .redirects().follow(false)
                .when().post("/ui/projects").then().statusCode(403)
                .contentType(containsString("text/html")).body(containsString("reload the page"));
        WireMockBackends.server.verify(0, postRequestedFor(urlPathEqualTo("/v1/projects")));

        // A cookie/field pair of the attacker's choosing (what a plain double submit accepts), and the page's
        // own cookie with a made-up field.
        String planted = forged();
        for (String[] pair : new String[][] { { planted, planted }, { Page.open().cookie, forged() } }) {
            given().header("Sec-Fetch-Site", "same-origin").cookie("csrf-token", pair[0])
                    .contentType("application/x-www-form-urlencoded")
                    .formParam("csrf-token", pair[1]).formParam("name", "Web")
                    .redirects().follow(false)
                    .when().post("/ui/projects").then().statusCode(403);
        }
        WireMockBackends.server.verify(0, postRequestedFor(urlPathEqualTo("/v1/projects")));
    }

    @Test
    void creatingAProjectFromTheFormMakesTheSignedInPersonItsOwnerAndOpensItsBoard() {
        Page page = Page.open();
        given().header("Sec-Fetch-Site", "same-origin").cookie("csrf-token", page.cookie)
                .contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", page.token).formParam("name", " Web ").formParam("description", "")
                .formParam("syncBranch", "team-sync")
                .redirects().follow(false)
                .when().post("/ui/projects").then().statusCode(303)
                .header("Location", endsWith("/ui/projects/" + PROJECT));
        WireMockBackends.server.verify(postRequestedFor(urlPathEqualTo("/v1/projects"))
                .withRequestBody(containing("\"name\":\"Web\""))
                .withRequestBody(containing("\"ownerSubject\":\"local\""))
                .withRequestBody(containing("\"syncBranch\":\"team-sync\""))
                .withRequestBody(notContaining("description")));
    }

    /**
     * A member's subject typed by an owner goes into the planner's URLs ({@code /members/{subject}}), where
     * {@code ..} or {@code .} would be resolved as a path: refused with the field and the rule, on the web UI and
     * on the REST API, before any call that changes something.
     */
    @Test
    void aMemberSubjectThatWouldSteerThePlannersUrlIsRefusedBeforeAnyChange() {
        WireMockBackends.server.stubFor(get(urlPathEqualTo("/v1/projects/" + PROJECT)).willReturn(okJson("""
                {"project":{"id":"%s","name":"Web","syncBranch":"peer-progress","ownerSubject":"local","lastSeq":1}}"""
                .formatted(PROJECT))));
        Page page = Page.open();
        for (String action : new String[] { "remove", "role" }) {
            for (String subject : new String[] { "..", ".", "a/b", "tab\tbed" }) {
                given().header("Sec-Fetch-Site", "same-origin").cookie("csrf-token", page.cookie)
                        .contentType("application/x-www-form-urlencoded").formParam("csrf-token", page.token)
                        .formParam("subject", subject).formParam("role", "owner")
                        .when().post("/ui/projects/" + PROJECT + "/members/" + action).then().statusCode(400)
                        .contentType(containsString("text/html")).body(containsString("subject must be an identity"));
            }
        }
        given().contentType("application/json").body("{\"subject\":\"..\",\"role\":\"member\"}")
                .when().post("/api/v1/projects/" + PROJECT + "/members?session=alice").then().statusCode(400)
                .body(containsString("subject"), containsString("not . or .."));
        WireMockBackends.server.verify(0, com.github.tomakehurst.wiremock.client.WireMock
                .anyRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlMatching(".*/members.*")));
    }

    @Test
    void badInputIsAPageThatNamesTheFieldAndTheRule() {
        Page page = Page.open();
        given().header("Sec-Fetch-Site", "same-origin").cookie("csrf-token", page.cookie)
                .contentType("application/x-www-form-urlencoded")
                .formParam("csrf-token", page.token).formParam("name", " ")
                .when().post("/ui/projects").then().statusCode(400)
                .contentType(containsString("text/html"))
                .body(containsString("role=\"alert\""), containsString("name"));
        for (String tab : new String[] { "", "/timeline", "/debates", "/replan", "/members", "/tokens", "/webhooks" }) {
            given().when().get("/ui/projects/not-a-project" + tab).then().statusCode(400)
                    .contentType(containsString("text/html")).body(containsString("projectId"));
        }
    }

    /** A well-formed nonce (or token) that this gateway never issued. */
    private static String forged() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The projects page as a browser gets it: the CSRF cookie and the same token in each form. */
    private record Page(String cookie, String token) {

        static Page open() {
            Response r = given().when().get("/ui");
            r.then().statusCode(200).contentType(containsString("text/html"))
                    .body(containsString("Create a project"), containsString("/webjars/htmx.org/dist/htmx.min.js"));
            String html = r.asString();
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("name=\"csrf-token\" value=\"([^\"]+)\"").matcher(html);
            if (!m.find()) {
                throw new AssertionError("no CSRF field in " + html);
            }
            return new Page(r.getCookie("csrf-token"), m.group(1));
        }
    }
}
