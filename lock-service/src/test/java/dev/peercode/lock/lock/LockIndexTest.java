package dev.peercode.lock.lock;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.peercode.lock.Events;
import dev.peercode.lock.Projects;
import dev.peercode.lock.store.RedisKeys;
import dev.peercode.rules.paths.PathPatterns;
import dev.peercode.rules.paths.RandomPatterns;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The lock index (lua/lib.lua) decides which live locks an acquire and a lock check compare. It may only
 * leave out locks that cannot overlap: every answer here is checked against the whole project's lock list
 * ({@code GET /locks}, which reads every lock) and the Java overlap rule.
 */
@QuarkusTest
class LockIndexTest {

    @Inject
    RedisDataSource redis;

    record Lock(String path, String holder) {
    }

    @Test
    void theIndexNeverHidesAnOverlappingLock() {
        Random random = new Random(20261201);
        String project = Projects.fresh();
        int granted = 0;
        int refused = 0;
        for (int round = 0; round < 400; round++) {
            String session = "s" + random.nextInt(60);
            List<String> paths = new ArrayList<>();
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                paths.add(random.nextInt(3) == 0 ? RandomPatterns.literal(random) : RandomPatterns.pattern(random));
            }
            List<Lock> before = locks(project);
            boolean expectConflict = before.stream().anyMatch(l -> !l.holder().equals(session)
                    && paths.stream().anyMatch(p -> PathPatterns.overlaps(p, l.path())));

            int status = given().contentType(ContentType.JSON)
                    .body(Map.of("session", session, "paths", paths, "ttlSeconds", 600))
                    .when().post("/v1/projects/{p}/locks", project).then().extract().statusCode();

            assertThat(status).as("%s acquiring %s over %s", session, paths, before)
                    .isEqualTo(expectConflict ? 409 : 200);
            if (status == 200) {
                granted++;
            } else {
                refused++;
            }
            // some sessions let go again, so that entries leave the index too
            if (random.nextInt(4) == 0 && !before.isEmpty()) {
                Lock victim = before.get(random.nextInt(before.size()));
                given().contentType(ContentType.JSON)
                        .body(Map.of("session", victim.holder(), "paths", List.of(victim.path())))
                        .when().post("/v1/projects/{p}/locks/release", project).then().statusCode(200);
            }
            // the pre-edit check reads through the index as well
            String probe = random.nextBoolean() ? RandomPatterns.pattern(random) : RandomPatterns.literal(random);
            List<Lock> all = locks(project);
            Set<Lock> expected = new HashSet<>();
            all.stream().filter(l -> PathPatterns.overlaps(probe, l.path())).forEach(expected::add);
            assertThat(check(project, probe)).as("locks overlapping %s among %s", probe, all)
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
        // the sample exercises both answers, against a sizeable lock set
        assertThat(granted).isGreaterThan(40);
        assertThat(refused).isGreaterThan(40);
    }

    @Test
    void aLockWhoseKeyExpiredButIsStillIndexedHidesNothingAndIsReapedOnce() {
        String project = Projects.fresh();
        acquire(project, "alice", List.of("src/app.ts", "**/*.md"), 1).then().statusCode(200);
        assertThat(members(RedisKeys.lockIndexAt(project, "src/app.ts"))).containsExactly("src/app.ts");
        assertThat(members(RedisKeys.lockIndexAt(project, ""))).containsExactly("**/*.md");
        assertThat(members(RedisKeys.lockIndexUnder(project, "src"))).containsExactly("src/app.ts");
        assertThat(members(RedisKeys.lockIndexUnder(project, ""))).containsExactly("src/app.ts");
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> !redis.key().exists(RedisKeys.lock(project, "src/app.ts")));

        // bob takes the same path: the stale entry (or the sweeper, if it came first) is reaped, bob's is indexed
        acquire(project, "bob", List.of("src/app.ts"), 60).then().statusCode(200);
        assertThat(members(RedisKeys.lockIndexAt(project, "src/app.ts"))).containsExactly("src/app.ts");
        // a check through the root's entries reaps the expired glob too
        assertThat(check(project, "docs/readme.md")).isEmpty();
        assertThat(members(RedisKeys.lockIndexAt(project, ""))).isEmpty();
        assertThat(check(project, "src/*.ts")).containsExactly(new Lock("src/app.ts", "bob"));
        // each expiry reported once, whoever reaped it
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> Events.of(redis, project, "lock.expired").size() == 2);
    }

    @Test
    void locksFromBeforeTheIndexAreIndexedOnFirstUse() {
        String project = Projects.fresh();
        acquire(project, "alice", List.of("src/lib/util.ts", "docs/**"), 600).then().statusCode(200);
        // as a project whose locks were written by a lock service without the index
        redis.key().del(RedisKeys.lockIndexReady(project), RedisKeys.lockIndexAt(project, "src/lib/util.ts"),
                RedisKeys.lockIndexAt(project, "docs"), RedisKeys.lockIndexUnder(project, ""),
                RedisKeys.lockIndexUnder(project, "src"), RedisKeys.lockIndexUnder(project, "src/lib"));

        acquire(project, "bob", List.of("src/lib/util.ts"), 600).then().statusCode(409);
        acquire(project, "bob", List.of("docs/a/b.md"), 600).then().statusCode(409);
        assertThat(redis.key().exists(RedisKeys.lockIndexReady(project))).isTrue();
        assertThat(members(RedisKeys.lockIndexUnder(project, ""))).containsExactlyInAnyOrder("src/lib/util.ts",
                "docs/**");
    }

    @Test
    void releasedLocksLeaveTheIndex() {
        String project = Projects.fresh();
        acquire(project, "alice", List.of("a/b/c.txt", "a/*/d", "*.md"), 600).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("session", "alice", "paths", List.of("a/b/c.txt", "*.md")))
                .when().post("/v1/projects/{p}/locks/release", project).then().statusCode(200);
        assertThat(members(RedisKeys.lockIndexAt(project, "a/b/c.txt"))).isEmpty();
        assertThat(members(RedisKeys.lockIndexUnder(project, "a"))).isEmpty();
        assertThat(members(RedisKeys.lockIndexAt(project, ""))).isEmpty();
        assertThat(members(RedisKeys.lockIndexAt(project, "a"))).containsExactly("a/*/d");
        assertThat(members(RedisKeys.lockIndexUnder(project, ""))).containsExactly("a/*/d");
        given().contentType(ContentType.JSON).body(Map.of("session", "alice"))
                .when().post("/v1/projects/{p}/locks/release", project).then().statusCode(200);
        assertThat(members(RedisKeys.lockIndexUnder(project, ""))).isEmpty();
    }

    /** Braces are no glob to the overlap rule, so the index files {@code {a,b}/x} under its literal prefix. */
    @Test
    void bracesAreLiteralToTheIndexAsToTheOverlapRule() {
        String project = Projects.fresh();
        acquire(project, "alice", List.of("{a,b}/x.ts"), 600).then().statusCode(200);
        assertThat(members(RedisKeys.lockIndexAt(project, "{a,b}/x.ts"))).containsExactly("{a,b}/x.ts");
        acquire(project, "bob", List.of("a/x.ts"), 600).then().statusCode(200);
        acquire(project, "bob", List.of("{a,b}/*.ts"), 600).then().statusCode(409);
        acquire(project, "bob", List.of("*/x.ts"), 600).then().statusCode(409);
    }

    private static Response acquire(String project, String session, List<String> paths, int ttlSeconds) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("session", session, "paths", paths, "ttlSeconds", ttlSeconds))
                .when().post("/v1/projects/{p}/locks", project);
    }

    private static List<Lock> locks(String project) {
        return toLocks(given().when().get("/v1/projects/{p}/locks", project).then().statusCode(200)
                .extract().jsonPath().getList("locks"));
    }

    private static List<Lock> check(String project, String path) {
        return toLocks(given().queryParam("path", path).when().get("/v1/projects/{p}/locks/check", project)
                .then().statusCode(200).extract().jsonPath().getList("locks"));
    }

    private static List<Lock> toLocks(List<Map<String, Object>> views) {
        return views == null ? List.of()
                : views.stream().map(v -> new Lock((String) v.get("path"), (String) v.get("holder"))).toList();
    }

    private Set<String> members(String key) {
        return redis.set(String.class).smembers(key);
    }
}
