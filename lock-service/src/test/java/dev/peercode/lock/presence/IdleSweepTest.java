package dev.peercode.lock.presence;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.peercode.lock.Events;
import dev.peercode.lock.ExpirySweeper;
import dev.peercode.lock.Projects;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A session gone quiet while it holds locks or the push token becomes one {@code session.idle} event per idle
 * episode, however many replicas sweep at once; seen again, its next silence is a new episode.
 */
@QuarkusTest
class IdleSweepTest {

    private static final Duration WINDOW = Duration.ofMillis(300);

    @Inject
    RedisDataSource redis;

    @Inject
    ExpirySweeper sweeper;

    @Inject
    ObjectMapper json;

    @Test
    void oneEventPerIdleEpisodeWhileEightReplicasSweepAtOnce() throws Exception {
        String project = Projects.fresh();
        given().contentType(ContentType.JSON)
                .body(Map.of("session", "alice", "paths", List.of("src/a.ts", "src/b.ts"), "ttlSeconds", 600,
                        "reason", "work"))
                .when().post("/v1/projects/{p}/locks", project).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("session", "alice"))
                .when().post("/v1/projects/{p}/sync/start", project).then().statusCode(200);
        // bob is as quiet but holds nothing: nobody needs to hear about him.
        touch(project, "bob");
        // Just taken, the lock and the token count as signs of life: alice is not idle yet.
        sweeper.sweepIdle(Duration.ofMinutes(2));
        assertThat(Events.of(redis, project, "session.idle")).isEmpty();
        // Past the window since she took them (and never seen otherwise), she is.
        Thread.sleep(WINDOW.toMillis() + 50); // the window must pass: it is the condition itself

        // Eight sweepers (replicas) at once over alice's silence: one report.
        int replicas = 8;
        CyclicBarrier start = new CyclicBarrier(replicas);
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        // The sweep covers every project (other tests leave theirs): the invariant is on this project's events.
        List<Future<ExpirySweeper.Sweep>> sweeps = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            sweeps.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return sweeper.sweepIdle(WINDOW);
            }));
        }
        for (Future<ExpirySweeper.Sweep> sweep : sweeps) {
            assertThat(sweep.get(10, TimeUnit.SECONDS).examined()).isPositive();
        }
        pool.shutdown();
        List<Map<String, String>> idle = Events.of(redis, project, "session.idle");
        assertThat(idle).singleElement().satisfies(e -> {
            assertThat(e.get("actor")).isEqualTo("alice");
            assertThat(e.get("summary")).contains("alice has gone idle", "2 locks and the push token");
            assertThat(e.get("paths")).contains("src/a.ts", "src/b.ts");
        });
        Map<?, ?> data = json.readValue(idle.get(0).get("data"), Map.class);
        assertThat(data.get("locks")).isEqualTo(2);
        assertThat(data.get("pushToken")).isEqualTo(true);

        // Still the same episode: later sweeps stay silent.
        sweeper.sweepIdle(WINDOW);
        assertThat(Events.of(redis, project, "session.idle")).hasSize(1);
        // Seen again, alice is active: nothing to report while she is.
        touch(project, "alice");
        sweeper.sweepIdle(Duration.ofMinutes(2));
        assertThat(Events.of(redis, project, "session.idle")).hasSize(1);
        // Quiet again past the window: a new episode, reported once more.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> sweeper.sweepIdle(WINDOW) != null && Events.of(redis, project, "session.idle").size() > 1);
        assertThat(Events.of(redis, project, "session.idle")).hasSize(2)
                .allSatisfy(e -> assertThat(e.get("actor")).isEqualTo("alice"));
    }

    private static void touch(String project, String session) {
        given().when().put("/v1/projects/{p}/presence/{s}", project, session).then().statusCode(200);
    }
}
