package dev.peercode.gateway.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.http.Fault;

import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkiverse.mcp.server.test.McpAssured;
import io.quarkiverse.mcp.server.test.McpAssured.McpStreamableTestClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * When a backend is slow, failing or gone, a tool answers quickly with an error that names the part
 * that is unavailable and says to retry: never a hang, never a stack trace. Repeated failures open the
 * circuit breaker, after which calls fail at once.
 */
@QuarkusTest
@QuarkusTestResource(value = WireMockBackends.class, restrictToAnnotatedClass = true)
class BackendFailureTest {

    private static final String PROJECT = "proj_AAAAAAAAAAAAAAAA";
    private static final String PROJECT_JSON = """
            {"project":{"id":"%s","name":"X","syncBranch":"peer-progress","ownerSubject":"local","lastSeq":7},
             "plan":{"phases":[{"id":"phase_AAAAAAAAAAAA","name":"One","position":0,"status":"todo","tasks":[]}]}}"""
            .formatted(PROJECT);

    @TestHTTPResource
    URI baseUri;

    @Inject
    CircuitBreakerMaintenance breakers;

    McpStreamableTestClient client;

    @BeforeEach
    void connect() {
        WireMockBackends.server.resetAll();
        breakers.resetAll();
        client = McpAssured.newStreamableClient().setBaseUri(baseUri).build().connect();
    }

    @AfterEach
    void disconnect() {
        client.disconnect();
    }

    @Test
    void aSlowPlannerIsAToolErrorWithinTheTimeoutNamingThePlanner() {
        WireMockBackends.server.stubFor(get(urlPathEqualTo("/v1/projects/" + PROJECT))
                .willReturn(okJson(PROJECT_JSON).withFixedDelay(5000)));
        long start = System.nanoTime();
        ToolResponse response = call("peercode_get_project", Map.of());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(response.isError()).isTrue();
        assertThat(text(response)).contains("planner", "did not answer in time", "Retry")
                .doesNotContain("Exception", "at dev.");
        // One retry of a read, each bounded by the (test) timeout of 700 ms: far from the 5 s the planner takes.
        assertThat(took).isLessThan(Duration.ofMillis(3000));
    }

    @Test
    void aSlowLockServiceIsAToolErrorWithinItsReadTimeoutNamingTheLockService() {
        WireMockBackends.server.stubFor(get(urlPathEqualTo("/v1/projects/" + PROJECT)).willReturn(okJson(PROJECT_JSON)));
        WireMockBackends.server.stubFor(post(urlPathEqualTo("/v1/projects/" + PROJECT + "/locks"))
                .willReturn(okJson("{\"acquired\":[\"src/app.ts\"],\"renewed\":[],\"locks\":[]}").withFixedDelay(5000)));
        long start = System.nanoTime();
        ToolResponse response = call("peercode_lock_file", Map.of("paths", List.of("src/app.ts")));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(response.isError()).isTrue();
        assertThat(text(response)).contains("lock service", "did not answer in time", "Retry")
                .doesNotContain("Exception", "at dev.");
        // Bounded by the (test) read timeout of 700 ms, not the 5 s the lock service takes; not retried (a change).
        assertThat(took).isLessThan(Duration.ofMillis(3000));
    }

    @Test
    void repeatedPlannerFailuresOpenTheCircuitAndLaterCallsFailAtOnce() {
        WireMockBackends.server.stubFor(get(urlPathEqualTo("/v1/projects/" + PROJECT))
                .willReturn(aResponse().withStatus(500)));
        assertThat(text(call("peercode_get_project", Map.of()))).contains("planner", "failed (HTTP 500)");
        String last = "";
        for (int i = 0; i < 5 && !last.contains("paused"); i++) {
            last = text(call("peercode_get_project", Map.of()));
        }
        assertThat(last).contains("planner", "paused", "Retry in a few seconds");
        // The REST API says the same as problem+json, 503 with Retry-After.
        given().when().get("/api/v1/projects/" + PROJECT)
                .then().statusCode(503)
                .contentType(containsString("application/problem+json"))
                .header("Retry-After", "5")
                .body("type", is("https://peercode.dev/problems/unavailable"))
                .body("service", is("planner-service"));
    }

    @Test
    void withTheLockServiceDownTheStateStillLoadsAndLockCallsSayWhatIsUnavailable() {
        WireMockBackends.server.stubFor(get(urlPathEqualTo("/v1/projects/" + PROJECT)).willReturn(okJson(PROJECT_JSON)));
        WireMockBackends.server.stubFor(get(urlPathMatching("/v1/projects/" + PROJECT + "/(locks|presence|sync)"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        WireMockBackends.server.stubFor(get(urlPathEqualTo("/v1/projects/" + PROJECT + "/debates"))
                .willReturn(okJson("[]")));
        WireMockBackends.server.stubFor(post(urlPathEqualTo("/v1/projects/" + PROJECT + "/locks"))
                .willReturn(aResponse().withStatus(503)));

        ToolResponse state = call("peercode_get_project", Map.of());
        assertThat(state.isError()).isFalse();
        assertThat(text(state)).contains("\"lastSeq\":7", "\"unavailable\":[\"activeSessions\",\"locks\",\"sync\"]");

        ToolResponse lock = call("peercode_lock_file", Map.of("paths", List.of("src/app.ts")));
        assertThat(lock.isError()).isTrue();
        assertThat(text(lock)).contains("lock service", "unavailable", "Retry");
    }

    @Test
    void malformedArgumentsAreInvalidParamsEvenWhileABackendIsDown() {
        WireMockBackends.server.stubFor(get(urlPathEqualTo("/v1/projects/" + PROJECT))
                .willReturn(aResponse().withStatus(500)));
        client.when().toolsCall("peercode_lock_file")
                .withArguments(Map.of("projectId", PROJECT, "sessionId", "alice", "paths", List.of("src/a.ts"),
                        "taskId", "t1"))
                .withErrorAssert(error -> {
                    assertThat(error.code()).isEqualTo(-32602);
                    assertThat(error.message()).contains("taskId");
                }).send()
                .toolsCall("peercode_update_task")
                .withArguments(Map.of("projectId", PROJECT, "sessionId", "alice", "taskId", "t1"))
                .withErrorAssert(error -> assertThat(error.message()).contains("taskId")).send()
                .thenAssertResults();
        // Nothing reached the planner.
        assertThat(WireMockBackends.server.getAllServeEvents()).isEmpty();
    }

    @Test
    void aBackendProblemIsPassedOnAsItsActionableDetail() {
        WireMockBackends.server.stubFor(get(urlPathEqualTo("/v1/projects/" + PROJECT)).willReturn(okJson(PROJECT_JSON)));
        WireMockBackends.server.stubFor(post(urlPathEqualTo("/v1/projects/" + PROJECT + "/locks"))
                .willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/problem+json")
                        .withBody(
                                """
                                        {"type":"https://peercode.dev/problems/lock-conflict","title":"Path is locked by another session",
                                         "status":409,"detail":"src/app.ts is locked by bob until 2026-11-25T12:03:10Z for 'auth refactor'; nothing was locked",
                                         "holder":"bob","reason":"auth refactor","expiresAt":"2026-11-25T12:03:10Z"}""")));
        ToolResponse lock = call("peercode_lock_file", Map.of("paths", List.of("src/app.ts")));
        assertThat(lock.isError()).isTrue();
        assertThat(text(lock)).isEqualTo("src/app.ts is locked by bob until 2026-11-25T12:03:10Z for 'auth refactor'; "
                + "nothing was locked; pick other work, wait, or start a debate with bob (peercode_start_debate)");
    }

    @Test
    void readinessFollowsTheBackendsAtOnceHoweverManyProbesFailed() {
        // More failed probes than either client's breaker needs to open (here 4 for the planner, 10 for the lock
        // service): a probe's breaker never opens, so the first probe after the backends recover says ready.
        WireMockBackends.server.stubFor(get(urlPathEqualTo("/q/health/ready")).willReturn(aResponse().withStatus(503)));
        for (int i = 0; i < 12; i++) {
            given().when().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'backends' }.data.'planner-service'", is("DOWN"))
                    .body("checks.find { it.name == 'backends' }.data.'lock-service'", is("DOWN"));
        }
        WireMockBackends.server.stubFor(get(urlPathEqualTo("/q/health/ready")).willReturn(okJson("{\"status\":\"UP\"}")));
        given().when().get("/q/health/ready").then()
                .body("checks.find { it.name == 'backends' }.data.'planner-service'", is("UP"))
                .body("checks.find { it.name == 'backends' }.data.'lock-service'", is("UP"));
    }

    private ToolResponse call(String tool, Map<String, Object> args) {
        Map<String, Object> arguments = new java.util.HashMap<>(args);
        arguments.put("projectId", PROJECT);
        arguments.put("sessionId", "alice");
        AtomicReference<ToolResponse> response = new AtomicReference<>();
        client.when().toolsCall(tool, arguments, response::set).thenAssertResults();
        return response.get();
    }

    private static String text(ToolResponse response) {
        return response.content().isEmpty() ? "" : response.content().get(0).asText().text();
    }
}
