package dev.peercode.lock.lock;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.peercode.lock.Events;
import dev.peercode.lock.Projects;
import dev.peercode.lock.store.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class LockResourceTest {

    @Inject
    RedisDataSource redis;

    String project;

    @BeforeEach
    void freshProject() {
        project = Projects.fresh();
    }

    ValidatableResponse acquire(String session, List<String> paths, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(extra);
        body.put("session", session);
        body.put("paths", paths);
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/v1/projects/{p}/locks", project)
                .then();
    }

    @Test
    void acquiresSeveralPathsAtOnceAsRealRedisKeysWithTheirTtl() {
        acquire("alice", List.of("src/app.ts", ".\\src\\auth\\**"), Map.of("reason", "auth refactor", "ttlSeconds", 60))
                .statusCode(200)
                .body("acquired", contains("src/app.ts", "src/auth/**"))
                .body("renewed", empty())
                .body("fencingToken", is(1))
                .body("locks.holder", contains("alice", "alice"))
                .body("locks.reason", contains("auth refactor", "auth refactor"));

        long pttl = redis.key().pttl(RedisKeys.lock(project, "src/auth/**"));
        assertThat(pttl).isBetween(50_000L, 60_000L);
        assertThat(redis.value(String.class).get(RedisKeys.lock(project, "src/app.ts"))).isEqualTo("alice");

        List<Map<String, String>> events = Events.of(redis, project);
        assertThat(events).hasSize(1);
        assertThat(events.get(0)).containsEntry("type", "lock.acquired").containsEntry("actor", "alice")
                .containsEntry("paths", "[\"src/app.ts\",\"src/auth/**\"]").containsEntry("taskIds", "[]");
        assertThat(events.get(0).get("data")).contains("\"fencingToken\":1").contains("auth refactor");
        assertThat(events.get(0).get("at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    @Test
    void aConflictNamesHolderReasonTaskAndExpiryAndLocksNothing() {
        acquire("bob", List.of("src/**"), Map.of("reason", "big rename", "taskId", "task_abcdefABCDEF"))
                .statusCode(200);

        acquire("alice", List.of("docs/readme.md", "src/app.ts"), Map.of())
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", is("https://peercode.dev/problems/lock-conflict"))
                .body("status", is(409))
                .body("holder", is("bob"))
                .body("reason", is("big rename"))
                .body("taskId", is("task_abcdefABCDEF"))
                .body("expiresAt", notNullValue())
                .body("detail", containsString("src/app.ts overlaps src/**"))
                .body("conflicts[0].lock.path", is("src/**"));

        // all or none: the free path was not taken either
        given().when().get("/v1/projects/{p}/locks", project)
                .then().statusCode(200).body("locks.path", contains("src/**"));
    }

    @Test
    void reacquiringRenewsAndKeepsTheFencingToken() {
        int first = acquire("alice", List.of("a.txt"), Map.of("ttlSeconds", 20)).statusCode(200)
                .extract().path("fencingToken");
        acquire("bob", List.of("b.txt"), Map.of()).statusCode(200).body("fencingToken", is(first + 1));

        acquire("alice", List.of("a.txt", "c.txt"), Map.of("ttlSeconds", 120)).statusCode(200)
                .body("renewed", contains("a.txt"))
                .body("acquired", contains("c.txt"))
                .body("fencingToken", is(first + 2))
                .body("locks.find { it.path == 'a.txt' }.fencingToken", is(first))
                .body("locks.find { it.path == 'c.txt' }.fencingToken", is(first + 2));
        assertThat(redis.key().pttl(RedisKeys.lock(project, "a.txt"))).isGreaterThan(100_000L);
        assertThat(Events.of(redis, project, "lock.renewed")).hasSize(1);
    }

    @Test
    void onlyTheHolderReleasesAndReleaseAllFreesEverythingOfTheSession() {
        acquire("alice", List.of("a.txt", "b/**"), Map.of()).statusCode(200);
        acquire("bob", List.of("c.txt"), Map.of()).statusCode(200);

        given().contentType(ContentType.JSON).body(Map.of("session", "alice", "paths", List.of("c.txt")))
                .when().post("/v1/projects/{p}/locks/release", project)
                .then().statusCode(409).body("holder", is("bob"))
                .body("type", is("https://peercode.dev/problems/conflict"));

        given().contentType(ContentType.JSON).body(Map.of("session", "alice", "paths", List.of("a.txt", "zzz")))
                .when().post("/v1/projects/{p}/locks/release", project)
                .then().statusCode(200).body("released", contains("a.txt")).body("notHeld", contains("zzz"));

        given().contentType(ContentType.JSON).body(Map.of("session", "alice"))
                .when().post("/v1/projects/{p}/locks/release", project)
                .then().statusCode(200).body("released", contains("b/**"));

        given().when().get("/v1/projects/{p}/locks", project)
                .then().statusCode(200).body("locks.path", contains("c.txt"));
        assertThat(redis.key().exists(RedisKeys.lock(project, "b/**"))).isFalse();
        assertThat(Events.of(redis, project, "lock.released")).hasSize(2);
    }

    @Test
    void anOwnerForceReleasesWithAReasonAsItsOwnEvent() {
        acquire("bob", List.of("a.txt", "b.txt"), Map.of()).statusCode(200);

        given().contentType(ContentType.JSON)
                .body(Map.of("forcedBy", "carol", "reason", "bob crashed", "session", "bob"))
                .when().post("/v1/projects/{p}/locks/force-release", project)
                .then().statusCode(200).body("released.path", contains("a.txt", "b.txt"))
                .body("released.holder", contains("bob", "bob"));

        List<Map<String, String>> forced = Events.of(redis, project, "lock.force_released");
        assertThat(forced).hasSize(1);
        assertThat(forced.get(0)).containsEntry("actor", "carol");
        assertThat(forced.get(0).get("data")).contains("bob crashed").contains("\"forcedBy\":\"carol\"");

        given().contentType(ContentType.JSON)
                .body(Map.of("forcedBy", "carol", "reason", "again", "paths", List.of("a.txt")))
                .when().post("/v1/projects/{p}/locks/force-release", project)
                .then().statusCode(404).body("type", is("https://peercode.dev/problems/not-found"));
    }

    @Test
    void checkTellsThePreEditHookWhoElseHoldsAnOverlappingLock() {
        acquire("bob", List.of("src/**/*.ts"), Map.of("reason", "types")).statusCode(200);

        given().queryParam("path", "src/lib/x.ts").queryParam("session", "alice")
                .when().get("/v1/projects/{p}/locks/check", project)
                .then().statusCode(200).body("locked", is(true)).body("locks[0].holder", is("bob"));
        given().queryParam("path", "src/lib/x.ts").queryParam("session", "bob")
                .when().get("/v1/projects/{p}/locks/check", project)
                .then().statusCode(200).body("locked", is(false));
        given().queryParam("path", "docs/x.md")
                .when().get("/v1/projects/{p}/locks/check", project)
                .then().statusCode(200).body("locked", is(false)).body("locks", empty());
        given().queryParam("path", "src/lib/x.ts")
                .when().get("/v1/projects/{p}/locks", project)
                .then().statusCode(200).body("locks[0].taskId", nullValue())
                .body("locks[0].fencingToken", equalTo(1));
    }
}
