package dev.peercode.gateway.client;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
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
                "dev.peercode.gateway.client.PlannerApi$$CDIWrapper/Timeout/value", "700",
                "quarkus.rest-client.lock.read-timeout", "700",
                "dev.peercode.gateway.client.PlannerApi$$CDIWrapper/CircuitBreaker/requestVolumeThreshold", "4",
                "dev.peercode.gateway.client.PlannerApi$$CDIWrapper/CircuitBreaker/delay", "60000");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
