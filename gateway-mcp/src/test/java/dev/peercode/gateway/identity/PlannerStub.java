package dev.peercode.gateway.identity;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The planner's documented contract for membership and agent tokens (docs/internal-contracts.md,
 * planner-service/README.md) on WireMock, with the gateway's normal timeouts: the security tests check
 * the gateway's decisions, not backend failures.
 */
public class PlannerStub implements QuarkusTestResourceLifecycleManager {

    static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        return Map.of("quarkus.rest-client.planner.url", server.baseUrl(),
                "quarkus.rest-client.lock.url", server.baseUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
