package dev.peercode.planner.delta;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import dev.peercode.planner.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Many concurrent writers and, at the same time, readers that follow the log by explicit cursor, by
 * durable session cursor and by long-poll: each reader must see every seq exactly once, in order.
 */
@QuarkusTest
class DeltaLogRaceTest {

    static final int WRITERS = 16;
    static final int PER_WRITER = 12;

    @Test
    void concurrentReadersSeeEverySeqExactlyOnceWhileManyWritersAppend() throws Exception {
        String p = Fixtures.project("o");
        long total = 1 + (long) WRITERS * PER_WRITER;
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 3);
        CyclicBarrier start = new CyclicBarrier(WRITERS + 3);
        AtomicBoolean failed = new AtomicBoolean();
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                String session = "writer-" + w;
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < PER_WRITER; i++) {
                        given().contentType(ContentType.JSON)
                                .body(Map.of("actor", session, "type", "note", "summary", session + " #" + i))
                                .post("/v1/projects/{p}/deltas", p).then().statusCode(201);
                    }
                    return null;
                }));
            }
            Future<List<Long>> byCursor = pool.submit(() -> follow(p, start, total, "cursor", failed));
            Future<List<Long>> bySession = pool.submit(() -> follow(p, start, total, "session", failed));
            Future<List<Long>> byLongPoll = pool.submit(() -> follow(p, start, total, "longpoll", failed));
            for (Future<?> w : writers) {
                w.get(120, TimeUnit.SECONDS);
            }
            List<Long> expected = LongStream.rangeClosed(1, total).boxed().toList();
            assertThat(byCursor.get(60, TimeUnit.SECONDS)).containsExactlyElementsOf(expected);
            assertThat(bySession.get(60, TimeUnit.SECONDS)).containsExactlyElementsOf(expected);
            assertThat(byLongPoll.get(60, TimeUnit.SECONDS)).containsExactlyElementsOf(expected);
            assertThat(Fixtures.lastSeq(p)).isEqualTo(total);
        } finally {
            failed.set(true);
            pool.shutdownNow();
        }
    }

    /** Reads until it has reached {@code total}, the way an agent would; returns the seqs it received. */
    private static List<Long> follow(String p, CyclicBarrier start, long total, String mode, AtomicBoolean stop)
            throws Exception {
        start.await();
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        long cursor = 0;
        while (cursor < total && !stop.get()) {
            var request = given().queryParam("limit", 7);
            switch (mode) {
                case "cursor" -> request.queryParam("after", cursor);
                case "session" -> request.queryParam("session", "reader").queryParam("waitSeconds", 5);
                default -> request.queryParam("after", cursor).queryParam("waitSeconds", 5);
            }
            JsonPath page = request.get("/v1/projects/{p}/deltas", p).then().statusCode(200).extract().jsonPath();
            for (Object seq : page.getList("deltas.seq")) {
                seen.add(((Number) seq).longValue());
            }
            cursor = page.getLong("nextCursor");
        }
        return seen;
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
        long before = System.nanoTime();
        CompletableFuture<JsonPath> poll = CompletableFuture.supplyAsync(() -> given().queryParam("after", 1)
                .queryParam("waitSeconds", 20).get("/v1/projects/{p}/deltas", p).then().statusCode(200).extract()
                .jsonPath());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> io.quarkus.arc.Arc.container().instance(DeltaNotifier.class).get().waiting(p) > 0);
        given().contentType(ContentType.JSON).body(Map.of("actor", "alice", "type", "blocker", "summary", "stuck"))
                .post("/v1/projects/{p}/deltas", p).then().statusCode(201);
        JsonPath page = poll.get(15, TimeUnit.SECONDS);
        assertThat(page.getList("deltas.type")).containsExactly("blocker");
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - before)).isLessThan(10);
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
        DeltaNotifier notifier = io.quarkus.arc.Arc.container().instance(DeltaNotifier.class).get();
        CompletableFuture<Void> waiter = notifier.register(p);
        io.quarkus.redis.datasource.RedisDataSource redis = io.quarkus.arc.Arc.container()
                .instance(io.quarkus.redis.datasource.RedisDataSource.class).get();
        // Another replica's commit: only the Redis message reaches this one.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
            redis.pubsub(String.class).publish("peercode:deltas", "{\"projectId\":\"" + p + "\",\"seq\":9}");
            return waiter.isDone();
        });
    }
}
