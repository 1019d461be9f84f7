package dev.peercode.planner.delta;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import dev.peercode.planner.Fixtures;
import io.quarkus.logging.Log;
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
        long began = System.nanoTime();
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
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
            Log.infof("%d writers appended %d deltas in %d ms (%.0f/s) while 3 readers followed", WRITERS,
                    total - 1, millis, (total - 1) * 1000.0 / millis);
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
}
