package dev.peercode.gateway.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.peercode.gateway.client.WireMockBackends;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * DESIGN.md §7's rate limit with authentication on, against a caller that makes up a new agent token for each
 * request to get a fresh bucket each time (and make the planner verify each one). Until a credential has
 * authenticated, its requests are charged to the client's address: the made-up tokens share one budget, and the
 * planner sees at most that many verifications. A real token, once verified, is charged to its own identity, so
 * the flood from its address does not lock it out.
 */
@QuarkusTest
@TestProfile(BogusTokensTest.AuthOnTinyLimits.class)
class BogusTokensTest {

    static final String GOOD = "pct_goodTokenOfAgentBob0000000000";
    static final String PROJECT = "proj_AAAAAAAAAAAAAAAA";

    /** Authentication on, a WireMock planner, and a bucket of 3 that does not refill during the test. */
    public static class AuthOnTinyLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(new TinyLimits().getConfigOverrides());
            config.put("peercode.gateway.rate-limit.requests-per-second", "0.001");
            config.put("peercode.gateway.auth.enabled", "true");
            config.put("quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus");
            config.put("quarkus.oidc.web.client-id", "quarkus-web-app");
            config.put("quarkus.oidc.web.credentials.secret", "secret");
            config.put("peercode.gateway.live.enabled", "false");
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OidcWiremockTestResource.class),
                    new TestResourceEntry(PatientWireMockBackends.class));
        }
    }

    @Test
    void madeUpTokensShareTheAddressBudgetAndCostAtMostThatManyVerificationsARealTokenKeepsItsOwn() {
        var planner = WireMockBackends.server;
        planner.resetAll();
        planner.stubFor(post(urlPathEqualTo("/v1/agent-tokens/verify")).willReturn(aResponse().withStatus(404)));
        planner.stubFor(post(urlPathEqualTo("/v1/agent-tokens/verify")).withRequestBody(equalToJson(
                "{\"token\":\"" + GOOD + "\"}", true, true)).willReturn(okJson(
                        """
                                {"projectId":"%s","memberSubject":"bob","role":"member","tokenId":"tok_bob"}"""
                                .formatted(PROJECT))));
        planner.stubFor(get(urlPathMatching("/v1/projects/.*")).willReturn(okJson("""
                {"project":{"id":"%s","name":"X","syncBranch":"peer-progress","ownerSubject":"alice","lastSeq":7},
                 "plan":{"phases":[]}}""".formatted(PROJECT))));

        // The real token's first request is charged to the address (it is not known yet) and verified.
        assertThat(call(GOOD)).isNotEqualTo(429).isNotEqualTo(401);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            statuses.add(call("pct_madeUp" + UUID.randomUUID().toString().replace("-", "")));
        }
        // The address bucket (3) had 2 left: two made-up tokens were verified (401), the other 28 refused unasked.
        assertThat(statuses.subList(0, 2)).containsOnly(401);
        assertThat(statuses.subList(2, 30)).containsOnly(429);
        planner.verify(3, postRequestedFor(urlPathEqualTo("/v1/agent-tokens/verify")));

        // The verified token has its own bucket now: the flood from its address does not stop it.
        assertThat(call(GOOD)).isNotEqualTo(429).isNotEqualTo(401);
        assertThat(call(GOOD)).isNotEqualTo(429).isNotEqualTo(401);
    }

    private static int call(String token) {
        return given().header("Authorization", "Bearer " + token).when().get("/api/v1/projects/" + PROJECT)
                .then().extract().statusCode();
    }
}
