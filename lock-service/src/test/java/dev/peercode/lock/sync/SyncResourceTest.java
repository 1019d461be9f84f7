package dev.peercode.lock.sync;

import static dev.peercode.lock.sync.SyncApi.call;
import static dev.peercode.lock.sync.SyncApi.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.peercode.lock.Events;
import dev.peercode.lock.Projects;
import dev.peercode.lock.store.RedisKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class SyncResourceTest {

    @Inject
    RedisDataSource redis;

    String project;

    @BeforeEach
    void freshProject() {
        project = Projects.fresh();
    }

    String grant(String session) {
        return call(project, "start", session).statusCode(200).body("status", is("granted"))
                .extract().path("token");
    }

    @Test
    void grantsAFreeTokenOnlyItsHolderEverSees() {
        String token = call(project, "start", "alice").statusCode(200)
                .body("status", is("granted"))
                .body("token", startsWith("push_"))
                .body("lastPush", nullValue())
                .extract().path("token");
        String expiresAt = call(project, "start", "alice").statusCode(200)
                .body("status", is("granted")).body("token", is(token))
                .extract().path("expiresAt");
        Duration left = Duration.between(Instant.now(), Instant.parse(expiresAt));
        assertThat(left).isBetween(Duration.ofMinutes(9), Duration.ofMinutes(10));
        assertThat(redis.key().pttl(RedisKeys.syncLease(project))).isBetween(540_000L, 600_000L);

        status(project).body("state", is("held")).body("holder", is("alice")).body("token", nullValue())
                .body("queue", empty());
        assertThat(Events.of(redis, project, "sync.granted")).hasSize(1);
    }

    @Test
    void waitersQueueInOrderAndTheHeadIsOfferedTheTokenOnComplete() {
        String aliceToken = grant("alice");
        call(project, "start", "bob").statusCode(200).body("status", is("queued")).body("position", is(1))
                .body("holder", is("alice")).body("token", nullValue());
        call(project, "start", "carol").statusCode(200).body("position", is(2));
        call(project, "start", "dave").statusCode(200).body("position", is(3));
        call(project, "start", "bob").statusCode(200).body("position", is(1));
        status(project).body("queue", contains("bob", "carol", "dave"));

        call(project, "complete", "alice", "token", "push_wrong").statusCode(409)
                .body("type", is("https://peercode.dev/problems/conflict")).body("holder", is("alice"));
        call(project, "complete", "bob", "token", aliceToken).statusCode(409);

        call(project, "complete", "alice", "token", aliceToken, "commitSha", "4f2a9c1e0b7d", "summary",
                "auth done").statusCode(200)
                .body("result", is("completed"))
                .body("next", is("bob"))
                .body("claimUntil", notNullValue())
                .body("lastPush.commitSha", is("4f2a9c1e0b7d"))
                .body("lastPush.by", is("alice"));

        // only bob may take it during the claim window; carol stays in line
        status(project).body("state", is("offered")).body("holder", is("bob")).body("queue", contains("carol", "dave"));
        call(project, "start", "carol").statusCode(200).body("status", is("queued")).body("position", is(1))
                .body("holder", is("bob"));
        String bobToken = call(project, "start", "bob").statusCode(200).body("status", is("granted"))
                .body("lastPush.summary", is("auth done")).extract().path("token");
        assertThat(bobToken).isNotEqualTo(aliceToken);
        call(project, "complete", "alice", "token", aliceToken).statusCode(409);

        assertThat(Events.of(redis, project)).extracting(e -> e.get("type") + ":" + e.get("actor"))
                .containsExactly("sync.granted:alice", "sync.queued:bob", "sync.queued:carol", "sync.queued:dave",
                        "sync.completed:alice", "sync.granted:bob", "sync.granted:bob");
        assertThat(Events.of(redis, project, "sync.granted").get(1).get("data")).contains("\"mode\":\"offered\"");
        assertThat(Events.of(redis, project, "sync.completed").get(0).get("data")).contains("4f2a9c1e0b7d");
    }

    @Test
    void abortLeavesTheQueueGivesTheTokenBackOrDeclinesAnOffer() {
        String token = grant("alice");
        call(project, "start", "bob");
        call(project, "start", "carol");
        call(project, "start", "dave");

        call(project, "abort", "carol").statusCode(200).body("result", is("left-queue"));
        status(project).body("queue", contains("bob", "dave"));
        call(project, "start", "dave").statusCode(200).body("position", is(2));

        call(project, "abort", "alice", "token", "push_wrong").statusCode(409);
        call(project, "abort", "alice", "token", token).statusCode(200).body("result", is("released"))
                .body("next", is("bob"));
        call(project, "abort", "bob").statusCode(200).body("result", is("declined")).body("next", is("dave"));
        call(project, "abort", "erin").statusCode(409).body("detail", startsWith("erin neither holds"));
        call(project, "start", "dave").statusCode(200).body("status", is("granted"));
        status(project).body("holder", is("dave")).body("queue", empty());
        assertThat(Events.of(redis, project, "sync.aborted")).hasSize(3);
    }

    @Test
    void concurrentWaitersAreServedStrictlyInTheirQueueOrder() throws Exception {
        String token = grant("holder");
        int waiters = 16;
        CyclicBarrier start = new CyclicBarrier(waiters);
        ExecutorService pool = Executors.newFixedThreadPool(waiters);
        List<Future<Integer>> positions = new ArrayList<>();
        try {
            for (int i = 0; i < waiters; i++) {
                String session = "w" + i;
                positions.add(pool.submit(() -> {
                    start.await();
                    return call(project, "start", session).statusCode(200).body("status", is("queued"))
                            .extract().<Integer> path("position");
                }));
            }
            String[] byPosition = new String[waiters];
            for (int i = 0; i < waiters; i++) {
                int position = positions.get(i).get(30, TimeUnit.SECONDS);
                assertThat(byPosition[position - 1]).as("position %d given twice", position).isNull();
                byPosition[position - 1] = "w" + i;
            }

            // the token passes down the queue exactly in that order
            String current = "holder";
            for (String expected : byPosition) {
                String next = call(project, "complete", current, "token", token).statusCode(200)
                        .extract().path("next");
                assertThat(next).isEqualTo(expected);
                token = grant(next);
                current = next;
            }
            call(project, "complete", current, "token", token).statusCode(200).body("next", nullValue());
            status(project).body("state", is("free"));
        } finally {
            pool.shutdownNow();
        }
        assertThat(Events.of(redis, project, "sync.completed")).hasSize(waiters + 1);
        assertThat(Events.of(redis, project, "sync.queued")).hasSize(waiters);
    }

    @Test
    void statusShowsTheAskersPosition() {
        grant("alice");
        call(project, "start", "bob");
        call(project, "start", "carol");
        io.restassured.RestAssured.given().queryParam("session", "carol")
                .when().get("/v1/projects/{p}/sync", project)
                .then().statusCode(200).body("position", is(2)).body("lastPush", nullValue());
    }
}
