package dev.peercode.planner.delta;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import dev.peercode.planner.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * {@code POST …/deltas/reads}: many reads answered at once, each page exactly what {@code GET …/deltas}
 * answers for the same read, and every session's durable cursor moved exactly as by single reads.
 */
@QuarkusTest
class DeltaReadsTest {

    @Test
    void eachReadGetsThePageItsOwnSingleReadGets() {
        String p = Fixtures.project("o");
        // seq 1 is the project's creation; then 30 deltas by three actors, every fifth a warning by carol
        for (int i = 0; i < 30; i++) {
            String actor = i % 5 == 4 ? "carol" : i % 2 == 0 ? "alice" : "bob";
            push(p, actor, actor.equals("carol") ? "warning" : "note");
        }
        List<Map<String, Object>> reads = List.of(
                read(0L, null, null, 3),
                read(0L, null, "alice", 4),
                read(3L, "warning", null, 2),
                read(1L, "note,warning", "bob", 5),
                read(25L, null, "carol", 3), // beyond what the reads before it need: the scan ends earlier
                read(0L, "project.created", null, 1),
                read(31L, null, null, 1), // at the end: empty, cursor stays
                read(40L, null, null, 1), // beyond the end: empty, cursor is the after given
                read(0L, "warning", null, 2)); // matches lie far beyond the shared scan
        List<Map<String, Object>> pages = batch(p, reads).getList("pages");
        assertThat(pages).hasSameSizeAs(reads);
        for (int i = 0; i < reads.size(); i++) {
            assertThat(pages.get(i)).as("read %d: %s", i, reads.get(i)).isEqualTo(single(p, reads.get(i)));
        }
        // the filters did what they say, not only the same as GET; the shared scan covered seqs 1..6 only
        assertThat(seqs(pages.get(0))).containsExactly(1L, 2L, 3L);
        assertThat(seqs(pages.get(1))).containsExactly(1L, 3L, 5L, 6L); // 2, 4, 8 … are alice's
        assertThat(seqs(pages.get(2))).containsExactly(6L, 11L);
        assertThat(pages.get(2).get("hasMore")).isEqualTo(true);
        assertThat(seqs(pages.get(4))).containsExactly(27L, 28L, 29L);
        assertThat(seqs(pages.get(5))).containsExactly(1L);
        assertThat(pages.get(7).get("nextCursor")).isEqualTo(40);
        assertThat(seqs(pages.get(8))).containsExactly(6L, 11L);
    }

    @Test
    void sessionCursorsMoveExactlyAsSingleReadsMoveThem() {
        String p = Fixtures.project("o");
        for (int i = 0; i < 6; i++) {
            push(p, i % 2 == 0 ? "alice" : "bob", i == 3 ? "warning" : "note");
        }
        // the same reads, in the same order: as one batch by the "b-" sessions, one by one by the "s-" sessions
        List<Map<String, Object>> reads = new ArrayList<>();
        reads.add(session(read(null, null, null, 3), "x")); // durable: 1..3, cursor 3
        reads.add(session(read(null, null, "alice", 10), "x")); // continues from 3, skips alice's
        reads.add(session(read(null, null, null, null), "x")); // nothing left
        reads.add(session(read(0L, "warning", null, 10), "y")); // with after: cursor still advanced
        reads.add(session(read(2L, null, null, 2), "y")); // behind y's cursor: answered, cursor not moved back
        reads.add(session(read(null, null, "bob", 100), "z")); // a new session: from 0
        List<Map<String, Object>> batched = batch(p, prefixed(reads, "b-")).getList("pages");
        List<Map<String, Object>> oneByOne = prefixed(reads, "s-").stream().map(r -> single(p, r)).toList();
        assertThat(batched).isEqualTo(oneByOne);
        assertThat(seqs(batched.get(0))).containsExactly(1L, 2L, 3L);
        assertThat(seqs(batched.get(1))).containsExactly(5L, 7L);
        assertThat(seqs(batched.get(2))).isEmpty();
        // the durable cursors as single reads left them
        push(p, "carol", "note");
        for (String s : List.of("x", "y", "z")) {
            Map<String, Object> next = read(null, null, null, null);
            assertThat(single(p, session(next, "b-" + s))).as(s).isEqualTo(single(p, session(next, "s-" + s)))
                    .satisfies(page -> assertThat(seqs(page)).containsExactly(8L));
        }
    }

    @Test
    void badReadsAreRefusedNamingTheField() {
        String p = Fixtures.project("o");
        given().contentType(ContentType.JSON).body(Map.of()).post("/v1/projects/{p}/deltas/reads", p).then()
                .statusCode(400).contentType("application/problem+json").body("errors.field", containsInAnyOrder("reads"));
        given().contentType(ContentType.JSON).body(Map.of("reads", List.of())).post("/v1/projects/{p}/deltas/reads", p)
                .then().statusCode(400).body("errors.field", containsInAnyOrder("reads"));
        List<Map<String, Object>> tooMany = IntStream.range(0, 1001).mapToObj(i -> read(0L, null, null, null)).toList();
        given().contentType(ContentType.JSON).body(Map.of("reads", tooMany)).post("/v1/projects/{p}/deltas/reads", p)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("reads"))
                .body("errors[0].message", is("must list 1 to 1000 reads"));
        given().contentType(ContentType.JSON)
                .body(Map.of("reads", List.of(read(-1L, null, null, null), read(0L, "gossip", null, 0),
                        read(0L, null, null, 501))))
                .post("/v1/projects/{p}/deltas/reads", p).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("reads[0].after", "reads[1].types", "reads[1].limit",
                        "reads[2].limit"));
        given().contentType(ContentType.JSON)
                .body(Map.of("reads", List.of(read(0L, null, null, null), session(read(0L, null, "Bad Name", 1), "no spaces"))))
                .post("/v1/projects/{p}/deltas/reads", p).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("reads[1].excludeActor", "reads[1].session"));
        given().contentType(ContentType.JSON).body(Map.of("reads", List.of(Map.of("after", "soon"))))
                .post("/v1/projects/{p}/deltas/reads", p).then().statusCode(400)
                .body("errors.field", containsInAnyOrder("reads[0].after"));
        given().contentType(ContentType.JSON).body(Map.of("reads", List.of(read(0L, null, null, null))))
                .post("/v1/projects/{p}/deltas/reads", "proj_nosuchproject000").then().statusCode(404);
    }

    static final int WRITERS = 6;
    static final int PER_WRITER = 15;
    static final int READERS = 3;
    static final int SESSIONS_PER_READER = 3;

    /**
     * Writers push while readers follow their sessions' durable cursors only by batch reads, each batch
     * holding several sessions (one twice, one filtered): every session gets each of its deltas exactly
     * once, in order, and its cursor never moves back.
     */
    @Test
    void batchReadsRacingPushesGiveEverySessionEachDeltaOnce() throws Exception {
        String p = Fixtures.project("o");
        long total = 1 + (long) WRITERS * PER_WRITER;
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
        CyclicBarrier start = new CyclicBarrier(WRITERS + READERS);
        AtomicBoolean stop = new AtomicBoolean();
        Map<Long, String> types = Collections.synchronizedMap(new HashMap<>());
        types.put(1L, "project.created");
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                String actor = "writer-" + w;
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < PER_WRITER; i++) {
                        String type = i % 3 == 0 ? "warning" : "note";
                        long seq = push(p, actor, type);
                        types.put(seq, type);
                    }
                    return null;
                }));
            }
            List<Future<Map<String, List<Long>>>> readers = new ArrayList<>();
            for (int r = 0; r < READERS; r++) {
                String prefix = "reader" + r + "-";
                readers.add(pool.submit(() -> follow(p, prefix, start, total, stop)));
            }
            for (Future<?> w : writers) {
                w.get(120, TimeUnit.SECONDS);
            }
            List<Long> all = LongStream.rangeClosed(1, total).boxed().toList();
            List<Long> warnings = all.stream().filter(s -> "warning".equals(types.get(s))).toList();
            assertThat(warnings).hasSize(WRITERS * (PER_WRITER / 3));
            for (Future<Map<String, List<Long>>> reader : readers) {
                Map<String, List<Long>> seen = reader.get(60, TimeUnit.SECONDS);
                seen.forEach((session, seqs) -> assertThat(seqs).as(session)
                        .containsExactlyElementsOf(session.endsWith("warnings") ? warnings : all));
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }

    /**
     * One reader: batches of its sessions' durable reads (the first session read twice in each batch, the
     * last filtered to warnings), until every session's cursor reached {@code total}.
     */
    private static Map<String, List<Long>> follow(String p, String prefix, CyclicBarrier start, long total,
            AtomicBoolean stop) throws Exception {
        start.await();
        List<String> sessions = List.of(prefix + "a", prefix + "b", prefix + "warnings");
        Map<String, List<Long>> seen = new LinkedHashMap<>();
        Map<String, Long> cursors = new HashMap<>();
        sessions.forEach(s -> {
            seen.put(s, new ArrayList<>());
            cursors.put(s, 0L);
        });
        while (cursors.values().stream().anyMatch(c -> c < total) && !stop.get()) {
            List<Map<String, Object>> reads = List.of(session(read(null, null, null, 4), sessions.get(0)),
                    session(read(null, null, null, 4), sessions.get(0)),
                    session(read(null, null, null, 5), sessions.get(1)),
                    session(read(null, "warning,project.created", null, 2), sessions.get(2)));
            List<Map<String, Object>> pages = batch(p, reads).getList("pages");
            for (int i = 0; i < reads.size(); i++) {
                String s = (String) reads.get(i).get("session");
                long next = ((Number) pages.get(i).get("nextCursor")).longValue();
                assertThat(next).as("%s's cursor", s).isGreaterThanOrEqualTo(cursors.get(s));
                cursors.put(s, next);
                seen.get(s).addAll(seqs(pages.get(i)));
            }
        }
        // the filtered session's list holds the creation too: compare it with the warnings only
        seen.get(prefix + "warnings").remove(1L);
        return seen;
    }

    private static JsonPath batch(String p, List<Map<String, Object>> reads) {
        return given().contentType(ContentType.JSON).body(Map.of("reads", reads))
                .post("/v1/projects/{p}/deltas/reads", p).then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> single(String p, Map<String, Object> read) {
        RequestSpecification request = given();
        read.forEach(request::queryParam);
        return request.get("/v1/projects/{p}/deltas", p).then().statusCode(200).extract().jsonPath().getMap("");
    }

    private static long push(String p, String actor, String type) {
        return ((Number) given().contentType(ContentType.JSON)
                .body(Map.of("actor", actor, "type", type, "summary", type + " by " + actor))
                .post("/v1/projects/{p}/deltas", p).then().statusCode(201).extract().path("seq")).longValue();
    }

    private static Map<String, Object> read(Long after, String types, String excludeActor, Integer limit) {
        Map<String, Object> read = new LinkedHashMap<>();
        if (after != null) {
            read.put("after", after);
        }
        if (types != null) {
            read.put("types", types);
        }
        if (excludeActor != null) {
            read.put("excludeActor", excludeActor);
        }
        if (limit != null) {
            read.put("limit", limit);
        }
        return read;
    }

    private static Map<String, Object> session(Map<String, Object> read, String session) {
        Map<String, Object> with = new LinkedHashMap<>(read);
        with.put("session", session);
        return with;
    }

    private static List<Map<String, Object>> prefixed(List<Map<String, Object>> reads, String prefix) {
        return reads.stream().map(r -> session(r, prefix + r.get("session"))).toList();
    }

    private static List<Long> seqs(Map<String, Object> page) {
        return ((List<?>) page.get("deltas")).stream().map(d -> ((Number) ((Map<?, ?>) d).get("seq")).longValue())
                .toList();
    }
}
