package dev.peercode.lock.lock;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.peercode.lock.Events;
import dev.peercode.lock.ExpirySweeper;
import dev.peercode.lock.Projects;
import dev.peercode.lock.store.RedisKeys;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Real expiry with real time: 1 s TTLs (the test profile lowers the minimum) and real sweeps. */
@QuarkusTest
class LockExpiryTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @Inject
    RedisDataSource redis;

    @Inject
    ExpirySweeper sweeper;

    static void acquire(String project, String session, List<String> paths, int ttlSeconds) {
        given().contentType(ContentType.JSON)
                .body(Map.of("session", session, "paths", paths, "ttlSeconds", ttlSeconds, "reason", "short work",
                        "taskId", "task_000000000001"))
                .when().post("/v1/projects/{p}/locks", project)
                .then().statusCode(200);
    }

    @Test
    void aLockVanishesByItsRedisTtlAndIsReportedOnceWithinSeconds() {
        String project = Projects.fresh();
        acquire(project, "alice", List.of("src/app.ts"), 1);
        // a real Redis TTL (already gone, -2, if this machine is very slow)
        assertThat(redis.key().pttl(RedisKeys.lock(project, "src/app.ts"))).isLessThanOrEqualTo(1000L).isNotEqualTo(-1L);

        // only the scheduled sweeper of this replica runs here
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50))
                .until(() -> !Events.of(redis, project, "lock.expired").isEmpty());

        Map<String, String> expired = Events.of(redis, project, "lock.expired").get(0);
        assertThat(expired).containsEntry("actor", "alice").containsEntry("paths", "[\"src/app.ts\"]")
                .containsEntry("taskIds", "[\"task_000000000001\"]");
        assertThat(expired.get("data")).contains("\"fencingToken\":1").contains("short work");
        assertThat(redis.key().exists(RedisKeys.lock(project, "src/app.ts"))).isFalse();
        String expiresAt = expired.get("data").replaceAll(".*\"expiredAt\":\"([^\"]+)\".*", "$1");
        Duration lag = Duration.between(Instant.parse(expiresAt), Instant.parse(expired.get("at")));
        Log.infof("lock.expired reported %d ms after the lock's expiry", lag.toMillis());
        assertThat(lag).isLessThan(Duration.ofSeconds(5));

        sweeper.sweepOnce();
        sweeper.sweepOnce();
        assertThat(Events.of(redis, project, "lock.expired")).hasSize(1);
        given().when().get("/v1/projects/{p}/locks", project).then().statusCode(200).body("locks", empty());
    }

    @Test
    void anExpiredLockIsFreeAtOnceAndStillReportedOnce() {
        String project = Projects.fresh();
        acquire(project, "alice", List.of("a.txt"), 1);
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20))
                .until(() -> !redis.key().exists(RedisKeys.lock(project, "a.txt")));

        // the acquire or a sweeper, whoever is first, reports alice's expiry
        given().contentType(ContentType.JSON)
                .body(Map.of("session", "bob", "paths", List.of("a.txt")))
                .when().post("/v1/projects/{p}/locks", project)
                .then().statusCode(200).body("fencingToken", is(2));
        sweeper.sweepOnce();

        List<Map<String, String>> events = Events.of(redis, project);
        assertThat(events).extracting(e -> e.get("type") + ":" + e.get("actor"))
                .containsExactly("lock.acquired:alice", "lock.expired:alice", "lock.acquired:bob");
    }

    @Test
    void twoSweepersRacingReportEachExpiryExactlyOnce() throws Exception {
        List<String> projects = List.of(Projects.fresh(), Projects.fresh(), Projects.fresh(), Projects.fresh());
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            paths.add("src/file" + i + ".ts");
        }
        for (String project : projects) {
            acquire(project, "alice", paths.subList(0, 10), 1);
            acquire(project, "bob", paths.subList(10, 25), 2);
        }

        // two "replicas" sweep in a tight loop (the scheduled sweeper makes it three)
        AtomicBoolean done = new AtomicBoolean();
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> sweeps = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            sweeps.add(pool.submit(() -> {
                start.await();
                int runs = 0;
                while (!done.get()) {
                    sweeper.sweepOnce();
                    runs++;
                }
                return runs;
            }));
        }
        try {
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> projects.stream()
                    .allMatch(p -> Events.of(redis, p, "lock.expired").size() >= paths.size()));
        } finally {
            done.set(true);
            pool.shutdown();
        }
        int runs = 0;
        for (Future<Integer> sweep : sweeps) {
            runs += sweep.get(10, TimeUnit.SECONDS);
        }
        sweeper.sweepOnce();

        for (String project : projects) {
            List<String> expiredPaths = Events.of(redis, project, "lock.expired").stream()
                    .map(e -> e.get("paths")).toList();
            assertThat(expiredPaths).hasSize(paths.size()).doesNotHaveDuplicates();
        }
        // the reporting replicas' counters add up to one per expired lock as well
        double reported = given().when().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("peercode_lock_expiries_reported_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        assertThat(reported).isGreaterThanOrEqualTo(projects.size() * paths.size());
        Log.infof("two sweepers ran %d sweeps; %d expiries reported exactly once each", runs,
                projects.size() * paths.size());
        assertThat(runs).isGreaterThan(10);
    }
}
