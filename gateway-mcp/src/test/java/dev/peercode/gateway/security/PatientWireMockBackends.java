package dev.peercode.gateway.security;

import java.util.HashMap;
import java.util.Map;

import dev.peercode.gateway.client.WireMockBackends;

/**
 * WireMock backends with the production timeouts: these tests are about the edge, not about slow
 * backends, and must not turn into 503s on a loaded build machine.
 */
public class PatientWireMockBackends extends WireMockBackends {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("dev.peercode.gateway.client.PlannerApi$$CDIWrapper/Timeout/value", "5000");
        config.put("quarkus.rest-client.lock.read-timeout", "5000");
        config.remove("dev.peercode.gateway.client.PlannerApi$$CDIWrapper/CircuitBreaker/requestVolumeThreshold");
        config.remove("dev.peercode.gateway.client.PlannerApi$$CDIWrapper/CircuitBreaker/delay");
        return config;
    }
}
