package dev.peercode.gateway.security;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A rate limit small enough to hit in a test: 3 requests at once, then one per 10 s. */
public class TinyLimits implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("peercode.gateway.rate-limit.requests-per-second", "0.1",
                "peercode.gateway.rate-limit.burst", "3",
                "peercode.gateway.origins.allowed", "http://localhost:*,https://peercode.example.com");
    }
}
