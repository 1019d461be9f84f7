package dev.peercode.gateway.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import dev.peercode.gateway.client.WireMockBackends;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.specification.RequestSpecification;

/**
 * The web UI's CSRF token is signed and bound to the signed-in person in their browser. Two people sign in
 * through the real authorization-code flow (alice, the issuer's default user, and bob); each attack posts a
 * well-formed form from the gateway's own origin, so only the token can refuse it, and each refusal is a page
 * that says what to do, with nothing reaching the planner.
 */
@QuarkusTest
@TestProfile(SignedInProfile.class)
class CsrfTokensTest {

    private static final String PROJECT_JSON = """
            {"id":"proj_UUUUUUUUUUUUUUUU","name":"Web","syncBranch":"peer-progress","ownerSubject":"bob","lastSeq":1}""";

    @OidcWireMock
    WireMockServer issuer;

    @TestHTTPResource
    URI base;

    @BeforeEach
    void stubs() {
        WireMockBackends.plannerCreatingProjects(PROJECT_JSON);
        // A second person at the issuer: its login form signs in "bob" when that is the user name typed.
        issuer.stubFor(get(urlPathEqualTo("/login")).withQueryParam("username", equalTo("bob")).atPriority(1)
                .willReturn(aResponse().withStatus(302)
                        .withHeader("Location", "{{request.query.redirect_uri}}?state={{request.query.state}}&code=bob-code")
                        .withTransformers("response-template")));
        issuer.stubFor(post(urlPathEqualTo("/auth/realms/quarkus/token")).withRequestBody(containing("code=bob-code"))
                .atPriority(1).willReturn(okJson("""
                        {"access_token":"%s","refresh_token":"bob-refresh","id_token":"%s"}""".formatted(
                        OidcWiremockTestResource.getAccessToken("bob", java.util.Set.of("user")),
                        OidcWiremockTestResource.getIdToken("bob", SignedInProfile.WEB_CLIENT, Map.of("sub", "bob"))))));
    }

    @Test
    void anotherPersonsTokenIsRefusedEvenWithTheirCookieAndEachPersonsOwnIsAccepted() {
        Browser alice = Browser.signIn(base, "alice");
        Browser bob = Browser.signIn(base, "bob");
        assertThat(alice.token).isNotEqualTo(bob.token);

        // Bob's browser (his login session) with alice's page's token, with her nonce cookie or with his.
        refused(bob.post(alice.nonce, alice.token));
        refused(bob.post(bob.nonce, alice.token));
        // Alice's token and nonce are useless with bob's nonce in her own browser too: the pair is per browser.
        refused(alice.post(bob.nonce, alice.token));
        WireMockBackends.server.verify(0, postRequestedFor(urlPathEqualTo("/v1/projects")));

        bob.post(bob.nonce, bob.token).then().statusCode(303);
        alice.post(alice.nonce, alice.token).then().statusCode(303);
    }

    @Test
    void aForgedTamperedOrMissingTokenIsRefusedWithAPageThatSaysWhy() {
        Browser bob = Browser.signIn(base, "bob");
        String plantedNonce = randomNonce();
        // The plain double submit this replaces: any cookie with the same value in the field.
        refused(bob.post(plantedNonce, plantedNonce));
        // A pair signed as this gateway would sign it, but with a key that is not the gateway secret.
        refused(bob.post(plantedNonce, hmac("not-the-gateway-secret-0123456789abcdef", "ui-csrf\nsubject:bob\n"
                + plantedNonce)));
        // The page's own token, one character changed; the page's token with a planted nonce.
        refused(bob.post(bob.nonce, tamper(bob.token)));
        refused(bob.post(plantedNonce, bob.token));
        // No field, no cookie.
        refused(bob.post(bob.nonce, null));
        refused(bob.post(null, bob.token));
        WireMockBackends.server.verify(0, postRequestedFor(urlPathEqualTo("/v1/projects")));

        bob.post(bob.nonce, bob.token).then().statusCode(303);
    }

    @Test
    void theNonceIsIssuedOnceSoEveryFormAPersonWasShownStaysValid() {
        Browser bob = Browser.signIn(base, "bob");
        // Later page loads and background refreshes keep the browser's nonce and give the same token.
        for (int i = 0; i < 3; i++) {
            io.restassured.response.Response again = bob.session().cookie(CsrfTokens.NAME, bob.nonce).when().get("/ui");
            assertThat(again.getCookie(CsrfTokens.NAME)).isNull();
            assertThat(Browser.tokenOn(again.asString())).isEqualTo(bob.token);
        }
        bob.post(bob.nonce, bob.token).then().statusCode(303);
    }

    private static void refused(io.restassured.response.Response response) {
        response.then().statusCode(403).contentType(containsString("text/html"))
                .body(containsString("role=\"alert\""), containsString("csrf-token"),
                        containsString("reload the page"));
    }

    private static String randomNonce() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String tamper(String token) {
        char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
    }

    private static String hmac(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A person's browser after signing in: its login session cookies, its CSRF nonce cookie and the token in the
     * forms of the projects page.
     */
    private record Browser(Map<String, String> loginCookies, String nonce, String token) {

        /** Signs in at the issuer's login form as a browser would, following every redirect. */
        static Browser signIn(URI base, String user) {
            CookieManager cookies = new CookieManager();
            HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            HttpResponse<String> loginForm = send(http, base.resolve("/ui"));
            assertThat(loginForm.body()).contains("name=\"username\"");
            Map<String, String> query = query(loginForm.uri());
            URI login = loginForm.uri().resolve("/login?username=" + user + "&password=secret&state="
                    + encode(query.get("state")) + "&redirect_uri=" + encode(query.get("redirect_uri")));
            HttpResponse<String> page = send(http, login);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.uri().getPath()).isEqualTo("/ui");
            Map<String, String> session = new HashMap<>();
            String nonce = null;
            for (HttpCookie c : cookies.getCookieStore().get(base.resolve("/ui"))) {
                if (c.getName().equals(CsrfTokens.NAME)) {
                    nonce = c.getValue();
                } else {
                    session.put(c.getName(), c.getValue());
                }
            }
            assertThat(nonce).isNotNull();
            return new Browser(session, nonce, tokenOn(page.body()));
        }

        RequestSpecification session() {
            return given().cookies(loginCookies).redirects().follow(false);
        }

        /** A form post from the gateway's own page with this browser's login and the given nonce and field. */
        io.restassured.response.Response post(String nonceCookie, String field) {
            RequestSpecification spec = session().header("Sec-Fetch-Site", "same-origin")
                    .contentType("application/x-www-form-urlencoded").formParam("name", "Web");
            if (nonceCookie != null) {
                spec = spec.cookie(CsrfTokens.NAME, nonceCookie);
            }
            if (field != null) {
                spec = spec.formParam(CsrfTokens.NAME, field);
            }
            return spec.when().post("/ui/projects");
        }

        static String tokenOn(String html) {
            Matcher m = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"").matcher(html);
            assertThat(m.find()).as("a CSRF field in %s", html).isTrue();
            return m.group(1);
        }

        private static HttpResponse<String> send(HttpClient http, URI uri) {
            try {
                return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        private static Map<String, String> query(URI uri) {
            Map<String, String> params = new HashMap<>();
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return params;
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
