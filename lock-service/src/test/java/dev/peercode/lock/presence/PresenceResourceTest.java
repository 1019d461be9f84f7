package dev.peercode.lock.presence;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.peercode.lock.Projects;
import dev.peercode.lock.store.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class PresenceResourceTest {

    @Inject
    RedisDataSource redis;

    @Test
    void listsSessionsSeenWithinTheWindowMostRecentFirst() {
        String project = Projects.fresh();
        // seen three minutes ago: outside the default two-minute window
        redis.sortedSet(String.class).zadd(RedisKeys.presence(project), System.currentTimeMillis() - 180_000, "old");

        given().when().put("/v1/projects/{p}/presence/{s}", project, "alice").then().statusCode(200)
                .body("session", is("alice"));
        given().when().put("/v1/projects/{p}/presence/{s}", project, "bob").then().statusCode(200);

        given().when().get("/v1/projects/{p}/presence", project).then().statusCode(200)
                .body("sessions.session", contains("bob", "alice"))
                .body("windowSeconds", is(120));
        long ttl = redis.key().pttl(RedisKeys.presence(project));
        assertThat(ttl).isBetween(1L, 120_000L);
        // the stale entry was dropped, not only hidden
        assertThat(redis.sortedSet(String.class).zscore(RedisKeys.presence(project), "old")).isEmpty();
    }

    @Test
    void refusesABadSessionName() {
        given().when().put("/v1/projects/{p}/presence/{s}", Projects.fresh(), "Alice!").then().statusCode(400)
                .body("errors[0].field", is("session"));
    }
}
