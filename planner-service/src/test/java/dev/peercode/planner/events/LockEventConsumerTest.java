package dev.peercode.planner.events;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.peercode.planner.Fixtures;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.stream.StreamRange;
import io.quarkus.test.junit.QuarkusTest;

/** The live consumer of the default configuration: an XADD becomes a delta, published to the gateways. */
@QuarkusTest
class LockEventConsumerTest {

    @Inject
    RedisDataSource redis;

    static Map<String, String> entry(String projectId, String type, String actor) {
        return Map.of("projectId", projectId, "type", type, "actor", actor,
                "summary", actor + " locked src/app.ts", "paths", "[\"src/app.ts\"]", "taskIds", "[]",
                "data", "{\"fencingToken\":7,\"reason\":\"auth refactor\"}", "at", "2026-11-25T12:00:00Z");
    }

    @Test
    void aStreamEntryBecomesOneDeltaAndIsAcknowledged() {
        String p = Fixtures.project("o");
        String id = redis.stream(String.class).xadd("peercode:events", entry(p, "lock.acquired", "bob"));

        await().atMost(Duration.ofSeconds(30)).until(() -> Fixtures.lastSeq(p) == 2);
        given().queryParam("after", 1).get("/v1/projects/{p}/deltas", p).then().statusCode(200)
                .body("deltas[0].type", org.hamcrest.Matchers.equalTo("lock.acquired"))
                .body("deltas[0].actor", org.hamcrest.Matchers.equalTo("bob"))
                .body("deltas[0].paths", org.hamcrest.Matchers.contains("src/app.ts"))
                .body("deltas[0].data.fencingToken", org.hamcrest.Matchers.equalTo(7));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> redis.stream(String.class)
                        .xpending("peercode:events", "planner", StreamRange.of(id, id), 10).isEmpty());
    }

    @Test
    void entriesForUnknownProjectsOrTypesAreDroppedNotRetriedForever() {
        String p = Fixtures.project("o");
        redis.stream(String.class).xadd("peercode:events", entry("proj_AAAAAAAAAAAAAAAA", "lock.acquired", "bob"));
        redis.stream(String.class).xadd("peercode:events", entry(p, "lock.exploded", "bob"));
        redis.stream(String.class).xadd("peercode:events", entry(p, "lock.released", "bob"));
        await().atMost(Duration.ofSeconds(30)).until(() -> Fixtures.lastSeq(p) == 2);
        List<String> types = given().queryParam("after", 0).get("/v1/projects/{p}/deltas", p).then().extract()
                .path("deltas.type");
        assertThat(types).containsExactly("project.created", "lock.released");
    }
}
