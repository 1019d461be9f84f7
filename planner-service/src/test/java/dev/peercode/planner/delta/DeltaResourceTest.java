package dev.peercode.planner.delta;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.peercode.planner.Fixtures;
import io.quarkus.arc.Arc;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Reading the log: filters, pages, durable cursors, long-poll and the wake-ups between replicas. */
@QuarkusTest
class DeltaResourceTest {

    @Test
    void pushedPathsFollowTheRepositoryPathRuleOfLocksAndTasks() {
        String p = Fixtures.project("o");
        for (String bad : List.of("a//b", "../etc/passwd", "/abs/path", "src/./x", "a/")) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("actor", "alice", "type", "note", "summary", "s", "paths", List.of("ok.ts", bad)))
                    .post("/v1/projects/{p}/deltas", p).then().statusCode(400)
                    .body("errors[0].field", org.hamcrest.Matchers.is("paths[1]"));
        }
        // Nothing was appended by the refused pushes; harmless spellings are normalised like lock paths.
        given().contentType(ContentType.JSON)
                .body(Map.of("actor", "alice", "type", "note", "summary", "s", "paths", List.of("./src\\app.ts", "src/**")))
                .post("/v1/projects/{p}/deltas", p).then().statusCode(201)
                .body("seq", org.hamcrest.Matchers.is(2))
                .body("paths", org.hamcrest.Matchers.contains("src/app.ts", "src/**"));
    }

    @Test
    void filtersSkipOwnDeltasAndPagesCarryACursor() {
        String p = Fixtures.project("o");
        for (String actor : List.of("alice", "bob", "alice", "bob", "carol")) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("actor", actor, "type", actor.equals("carol") ? "warning" : "note", "summary", "s"))
                    .post("/v1/projects/{p}/deltas", p).then().statusCode(201);
        }
        given().queryParam("after", 0).queryParam("excludeActor", "alice").queryParam("limit", 2)
                .get("/v1/projects/{p}/deltas", p).then().statusCode(200)
                .body("deltas.seq", org.hamcrest.Matchers.contains(1, 3))
                .body("hasMore", org.hamcrest.Matchers.is(true))
                .body("nextCursor", org.hamcrest.Matchers.is(3));
        given().queryParam("after", 3).queryParam("excludeActor", "alice").queryParam("limit", 2)
                .get("/v1/projects/{p}/deltas", p).then()
                .body("deltas.seq", org.hamcrest.Matchers.contains(5, 6))
                .body("hasMore", org.hamcrest.Matchers.is(false))
                .body("nextCursor", org.hamcrest.Matchers.is(6));
        given().queryParam("after", 0).queryParam("types", "warning").get("/v1/projects/{p}/deltas", p).then()
                .body("deltas.actor", org.hamcrest.Matchers.contains("carol"))
                .body("nextCursor", org.hamcrest.Matchers.is(6));
        given().queryParam("limit", 501).queryParam("waitSeconds", 31).queryParam("types", "nope")
                .get("/v1/projects/{p}/deltas", p).then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("limit", "waitSeconds", "types"));
        given().contentType(ContentType.JSON).body(Map.of("actor", "Bad Name", "type", "gossip", "summary", ""))
                .post("/v1/projects/{p}/deltas", p).then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("actor", "type", "summary"));
        given().contentType(ContentType.JSON).body(Map.of("actor", "alice", "type", "note", "summary", "big",
                "data", Map.of("blob", "x".repeat(20_000))))
                .post("/v1/projects/{p}/deltas", p).then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.is("data"));
    }

    @Test
    void theDurableCursorGivesASessionExactlyWhatItHasNotSeen() {
        String p = Fixtures.project("o");
        given().queryParam("session", "bob").get("/v1/projects/{p}/deltas", p).then()
                .body("deltas.seq", org.hamcrest.Matchers.contains(1)).body("nextCursor", org.hamcrest.Matchers.is(1));
        given().queryParam("session", "bob").get("/v1/projects/{p}/deltas", p).then()
                .body("deltas", org.hamcrest.Matchers.empty());
        given().contentType(ContentType.JSON).body(Map.of("actor", "alice", "type", "discovery", "summary", "found"))
                .post("/v1/projects/{p}/deltas", p).then().statusCode(201);
        // bob "restarts" without a cursor: he gets only the new delta.
        given().queryParam("session", "bob").get("/v1/projects/{p}/deltas", p).then()
                .body("deltas.seq", org.hamcrest.Matchers.contains(2))
                .body("deltas[0].type", org.hamcrest.Matchers.is("discovery"));
    }

    @Test
    void aLongPollIsWokenByTheCommitNotByTheTimeout() throws Exception {
        String p = Fixtures.project("o");
        CompletableFuture<JsonPath> poll = CompletableFuture.supplyAsync(() -> given().queryParam("after", 1)
                .queryParam("waitSeconds", 30).get("/v1/projects/{p}/deltas", p).then().statusCode(200).extract()
                .jsonPath());
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> Arc.container().instance(DeltaNotifier.class).get().waiting(p) > 0);
        long posted = System.nanoTime();
        given().contentType(ContentType.JSON).body(Map.of("actor", "alice", "type", "blocker", "summary", "stuck"))
                .post("/v1/projects/{p}/deltas", p).then().statusCode(201);
        JsonPath page = poll.get(40, TimeUnit.SECONDS);
        assertThat(page.getList("deltas.type")).containsExactly("blocker");
        // Woken by the commit: far sooner than the 30 s it was allowed to wait.
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - posted)).isLessThan(15);
    }

    @Test
    void aLongPollWithAFilterKeepsWaitingThroughDeltasItDoesNotWant() throws Exception {
        String p = Fixtures.project("o");
        CompletableFuture<JsonPath> poll = CompletableFuture.supplyAsync(() -> given().queryParam("after", 1)
                .queryParam("types", "blocker").queryParam("waitSeconds", 30).get("/v1/projects/{p}/deltas", p)
                .then().statusCode(200).extract().jsonPath());
        DeltaNotifier notifier = Arc.container().instance(DeltaNotifier.class).get();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> notifier.waiting(p) > 0);
        given().contentType(ContentType.JSON).body(Map.of("actor", "alice", "type", "note", "summary", "chatter"))
                .post("/v1/projects/{p}/deltas", p).then().statusCode(201);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> notifier.waiting(p) > 0);
        assertThat(poll).isNotDone();
        given().contentType(ContentType.JSON).body(Map.of("actor", "bob", "type", "blocker", "summary", "stuck"))
                .post("/v1/projects/{p}/deltas", p).then().statusCode(201);
        JsonPath page = poll.get(40, TimeUnit.SECONDS);
        assertThat(page.getList("deltas.type")).containsExactly("blocker");
        assertThat(page.getLong("nextCursor")).isEqualTo(3);
    }

    @Test
    void aLongPollWithNothingNewAnswersEmptyAtItsDeadline() {
        String p = Fixtures.project("o");
        long before = System.nanoTime();
        given().queryParam("after", 1).queryParam("waitSeconds", 1).get("/v1/projects/{p}/deltas", p).then()
                .statusCode(200).body("deltas", org.hamcrest.Matchers.empty())
                .body("nextCursor", org.hamcrest.Matchers.is(1));
        assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(950));
    }

    @Test
    void aWakeUpPublishedByAnotherReplicaWakesLocalWaiters() {
        String p = Fixtures.project("o");
        DeltaNotifier notifier = Arc.container().instance(DeltaNotifier.class).get();
        CompletableFuture<Void> waiter = notifier.register(p);
        RedisDataSource redis = Arc.container()
                .instance(RedisDataSource.class).get();
        // Another replica's commit: only the Redis message reaches this one.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            redis.pubsub(String.class).publish("peercode:deltas", "{\"projectId\":\"" + p + "\",\"seq\":9}");
            return waiter.isDone();
        });
    }

    @Test
    void eachCommitIsAnnouncedOnTheDeltasChannel() {
        String p = Fixtures.project("o");
        List<String> messages = new CopyOnWriteArrayList<>();
        var subscriber = Arc.container().instance(RedisDataSource.class).get().pubsub(String.class)
                .subscribe("peercode:deltas", messages::add);
        try {
            // The subscription is live once a message of ours comes through; then the real check.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                given().contentType(ContentType.JSON).body(Map.of("actor", "alice", "type", "note", "summary", "n"))
                        .post("/v1/projects/{p}/deltas", p).then().statusCode(201);
                return messages.stream().anyMatch(m -> m.contains(p));
            });
            long seq = Fixtures.lastSeq(p);
            given().contentType(ContentType.JSON).body(Map.of("actor", "alice", "type", "note", "summary", "n"))
                    .post("/v1/projects/{p}/deltas", p).then().statusCode(201);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> messages.stream()
                    .map(m -> new JsonPath(m))
                    .anyMatch(m -> p.equals(m.getString("projectId")) && m.getLong("seq") == seq + 1));
        } finally {
            subscriber.unsubscribe();
        }
    }
}
