package dev.peercode.gateway.client;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Stands in for both backends on one dynamic port, only to simulate their failures (slow answers,
 * 5xx, refused connections). Happy paths are tested against the real services in e2e-tests. Timeouts
 * and the breaker are shortened so the tests stay quick.
 */
public class WireMockBackends implements QuarkusTestResourceLifecycleManager {

    public static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        String url = server.baseUrl();
        return Map.of(
                "quarkus.rest-client.planner.url", url,
                "quarkus.rest-client.lock.url", url,
                "dev.peercode.gateway.client.PlannerClient/Timeout/value", "700",
                "quarkus.rest-client.lock.read-timeout", "700",
                "dev.peercode.gateway.client.PlannerClient/CircuitBreaker/requestVolumeThreshold", "4",
                "dev.peercode.gateway.client.PlannerClient/CircuitBreaker/delay", "60000");
    }

    /**
     * Resets the stubs to a planner where nobody has projects yet and every project creation answers 201 with
     * {@code created} (a project's JSON).
     */
    public static void plannerCreatingProjects(String created) {
        server.resetAll();
        server.stubFor(WireMock.get(WireMock.urlPathEqualTo("/v1/projects")).willReturn(WireMock.okJson("[]")));
        server.stubFor(WireMock.post(WireMock.urlPathEqualTo("/v1/projects")).willReturn(WireMock.aResponse()
                .withStatus(201).withHeader("Content-Type", "application/json").withBody(created)));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
