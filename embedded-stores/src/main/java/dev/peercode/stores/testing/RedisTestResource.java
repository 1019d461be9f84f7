package dev.peercode.stores.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points the Redis client at a real Redis: {@code PEERCODE_TEST_REDIS_URL} when set, otherwise
 * the embedded server shared by this test JVM.
 */
public class RedisTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String external = System.getenv("PEERCODE_TEST_REDIS_URL");
        String uri = external != null && !external.isBlank() ? external : SharedStores.redis().uri();
        return Map.of("quarkus.redis.hosts", uri);
    }

    @Override
    public void stop() {
        // Shared by every test class of this JVM; SharedStores stops it when the JVM exits.
    }
}
