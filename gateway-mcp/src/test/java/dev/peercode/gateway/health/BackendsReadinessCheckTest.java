package dev.peercode.gateway.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.peercode.stores.FreePorts;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(BackendsReadinessCheckTest.BackendsUnreachable.class)
class BackendsReadinessCheckTest {

    /** Both backends point at loopback ports nothing listens on. */
    public static class BackendsUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.rest-client.planner.url", "http://127.0.0.1:" + FreePorts.pick(),
                    "quarkus.rest-client.lock.url", "http://127.0.0.1:" + FreePorts.pick());
        }
    }

    @Test
    void notReadyAndNamesEachUnreachableBackend() {
        given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("status", is("DOWN"))
                .body("checks.find { it.name == 'backends' }.data.'planner-service'", is("DOWN"))
                .body("checks.find { it.name == 'backends' }.data.'lock-service'", is("DOWN"));
    }

    @Test
    void stillAliveWhileBackendsAreDown() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", is("UP"));
    }
}
