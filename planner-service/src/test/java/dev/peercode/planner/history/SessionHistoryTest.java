package dev.peercode.planner.history;

import static dev.peercode.planner.history.HistoryLog.status;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.peercode.api.planner.HistoryDtos.SessionHistory;
import dev.peercode.api.planner.HistoryDtos.SessionSpan;
import dev.peercode.planner.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** {@code GET …/history/sessions}: what each session held and did in a window, as the swimlane draws it. */
@QuarkusTest
class SessionHistoryTest {

    /**
     * The window's end: fixed, so the test's times do not move with the clock, and a minute or two in the past, which
     * the planner takes as now (a caller's clock may be behind its own).
     */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(1));
    private static final Instant SINCE = NOW.minus(Duration.ofHours(6));

    @Inject
    DataSource db;
    @Inject
    ObjectMapper json;

    @Test
    void spansShowWhatEachSessionHeld() throws Exception {
        String p = Fixtures.project("o");
        String ph = Fixtures.phase(p, "Build");
        String schema = Fixtures.task(p, ph, "Schema", List.of());
        String api = Fixtures.task(p, ph, "API", List.of());
        claim(p, schema, "alice");
        TaskHistoryTest.move(p, schema, "done");
        claim(p, api, "bob");
        new HistoryLog(db, p).cleared()
                // A lock taken before the window and released in it: from the window's start.
                .locks("lock.acquired", "alice", at(-400), Map.of("expiresAt", at(60).toString()), "src/db.sql")
                .task("task.claimed", "alice", at(-300), schema, Map.of())
                .locks("lock.released", "alice", at(-200), Map.of(), "src/db.sql")
                .task("task.updated", "alice", at(-120), schema, status("done"))
                .add("sync.granted", "alice", at(-100), Map.of("expiresAt", at(-90).toString()), List.of(), List.of())
                .add("sync.completed", "alice", at(-95), Map.of("commitSha", "0123456789abcdef"), List.of(),
                        List.of())
                .task("task.claimed", "bob", at(-60), api, Map.of())
                .locks("lock.acquired", "bob", at(-50), Map.of("expiresAt", at(60).toString()), "src/api/a.ts")
                .locks("lock.acquired", "bob", at(-40), Map.of("expiresAt", at(60).toString()), "src/api/b.ts")
                .add("debate.started", "carol", at(-30), Map.of(), List.of(), List.of())
                // After the window: left out.
                .add("debate.responded", "carol", NOW.plusSeconds(1), Map.of(), List.of(), List.of());

        List<SessionSpan> spans = read(p, SINCE, NOW).spans();
        assertThat(spans).extracting(SessionSpan::session, SessionSpan::kind, SessionSpan::from, SessionSpan::to,
                SessionSpan::label, SessionSpan::paths, SessionSpan::ongoing).containsExactly(
                        tuple("alice", "lock", SINCE, at(-200), null, List.of("src/db.sql"), false),
                        tuple("alice", "task", at(-300), at(-120), "Schema", List.of(), false), // done: no longer held
                        tuple("alice", "token", at(-100), at(-95), null, List.of(), false),
                        tuple("alice", "push", at(-95), at(-95), "0123456789abcdef", List.of(), false),
                        tuple("bob", "task", at(-60), NOW, "API", List.of(), true),
                        // Two overlapping locks are one span naming both paths.
                        tuple("bob", "lock", at(-50), NOW, null, List.of("src/api/a.ts", "src/api/b.ts"), true),
                        tuple("carol", "debate", at(-30), at(-30), "started", List.of(), false));
        assertThat(spans).filteredOn(s -> s.kind().equals("task")).extracting(SessionSpan::taskId)
                .containsExactly(schema, api);
    }

    @Test
    void endsTheLogRecordsAndHoldsThatBeganLongBefore() throws Exception {
        String p = Fixtures.project("o");
        String ph = Fixtures.phase(p, "Build");
        String old = Fixtures.task(p, ph, "Old claim", List.of());
        String handed = Fixtures.task(p, ph, "Handed over", List.of());
        claim(p, old, "dave");
        claim(p, handed, "erin");
        new HistoryLog(db, p).cleared()
                // Claimed a day ago, still in progress: held for the whole window though the read starts later.
                .task("task.claimed", "dave", NOW.minus(Duration.ofDays(1)), old, Map.of())
                // Ended before the window: not in it.
                .locks("lock.acquired", "dave", at(-500), Map.of("expiresAt", at(-400).toString()), "gone.txt")
                .locks("lock.released", "dave", at(-390), Map.of(), "gone.txt")
                // Renewed, then never released: held until the expiry the last renewal recorded.
                .locks("lock.acquired", "dave", at(-100), Map.of("expiresAt", at(-80).toString()), "a.txt")
                .locks("lock.renewed", "dave", at(-85), Map.of("expiresAt", at(-70).toString()), "a.txt")
                // Force-released: the holders say whose lock ended.
                .locks("lock.acquired", "frank", at(-60), Map.of(), "b.txt")
                .add("lock.force_released", "owner", at(-50), Map.of("holders", Map.of("b.txt", "frank")),
                        List.of(), List.of("b.txt"))
                // Handed to another session: no longer held by the first.
                .task("task.claimed", "frank", at(-40), handed, Map.of())
                .task("task.updated", "owner", at(-30), handed,
                        Map.of("changes", Map.of("assignee", Map.of("from", "frank", "to", "erin"))))
                .task("task.claimed", "erin", at(-20), handed, Map.of())
                // A token never completed nor aborted: until its recorded expiry.
                .add("sync.granted", "erin", at(-15), Map.of("claimUntil", at(-5).toString()), List.of(), List.of());

        List<SessionSpan> spans = read(p, SINCE, NOW).spans();
        assertThat(spans).extracting(SessionSpan::session, SessionSpan::kind, SessionSpan::from, SessionSpan::to,
                SessionSpan::ongoing).containsExactly(
                        tuple("dave", "task", SINCE, NOW, true),
                        tuple("dave", "lock", at(-100), at(-70), false),
                        tuple("erin", "task", at(-20), NOW, true),
                        tuple("erin", "token", at(-15), at(-5), false),
                        tuple("frank", "lock", at(-60), at(-50), false),
                        tuple("frank", "task", at(-40), at(-30), false));
    }

    @Test
    void aLongLogIsReadBackOnlyAsFarAsTheWindowNeeds() throws Exception {
        String p = Fixtures.project("o");
        HistoryLog log = new HistoryLog(db, p);
        // Two days of old pushes, then more pushes in the window than one block of the walk holds.
        for (int i = 0; i < 300; i++) {
            log.add("sync.completed", "old", NOW.minus(Duration.ofDays(2)).plusSeconds(i), Map.of(), List.of(),
                    List.of());
        }
        int inWindow = HistoryService.BLOCK + 200;
        for (int i = 0; i < inWindow; i++) {
            log.add("sync.completed", "new", SINCE.plusSeconds(10 + i), Map.of(), List.of(), List.of());
        }
        // Between the look-back and the window: read, but ended before it.
        log.add("sync.completed", "before", SINCE.minus(Duration.ofHours(1)), Map.of(), List.of(), List.of());
        SessionHistory history = read(p, SINCE, NOW);
        assertThat(history.spans()).hasSize(inWindow).allSatisfy(s -> assertThat(s.session()).isEqualTo("new"));
    }

    @Test
    void windowsAreCheckedAndProjectsFound() {
        String p = Fixtures.project("o");
        given().queryParam("since", "yesterday").get("/v1/projects/{p}/history/sessions", p).then().statusCode(400)
                .contentType("application/problem+json");
        given().get("/v1/projects/{p}/history/sessions", p).then().statusCode(400);
        given().queryParam("since", NOW.toString()).queryParam("until", SINCE.toString())
                .get("/v1/projects/{p}/history/sessions", p).then().statusCode(400);
        given().queryParam("since", NOW.minus(Duration.ofHours(25)).toString()).queryParam("until", NOW.toString())
                .get("/v1/projects/{p}/history/sessions", p).then().statusCode(400);
        // A window ending later than now ends now: the log has nothing later.
        Instant asked = Instant.now().plusSeconds(3600);
        String answered = given().queryParam("since", SINCE.toString()).queryParam("until", asked.toString())
                .get("/v1/projects/{p}/history/sessions", p).then().statusCode(200).extract().path("until");
        assertThat(Instant.parse(answered)).isBefore(asked.minusSeconds(3000));
        given().queryParam("since", SINCE.toString()).get("/v1/projects/{p}/history/sessions", "proj_AAAAAAAAAAAAAAAA")
                .then().statusCode(404).contentType("application/problem+json");
        // A window that ended an hour ago, or one that starts in the future, is not answered: open spans are settled
        // against the plan as it is now.
        given().queryParam("since", NOW.minus(Duration.ofHours(2)).toString())
                .queryParam("until", NOW.minus(Duration.ofHours(1)).toString())
                .get("/v1/projects/{p}/history/sessions", p).then().statusCode(400)
                .body("errors[0].field", equalTo("until"));
        given().queryParam("since", Instant.now().plusSeconds(3600).toString())
                .queryParam("until", Instant.now().plusSeconds(7200).toString())
                .get("/v1/projects/{p}/history/sessions", p).then().statusCode(400)
                .body("errors[0].field", equalTo("since"));
        // Without until: up to now.
        given().queryParam("since", SINCE.toString()).get("/v1/projects/{p}/history/sessions", p).then()
                .statusCode(200);
    }

    private SessionHistory read(String p, Instant since, Instant until) throws Exception {
        String body = given().queryParam("since", since.toString()).queryParam("until", until.toString())
                .get("/v1/projects/{p}/history/sessions", p).then().statusCode(200).extract().asString();
        return json.readValue(body, SessionHistory.class);
    }

    private static void claim(String p, String t, String session) {
        given().contentType(ContentType.JSON).body(Map.of("actor", session))
                .post("/v1/projects/{p}/tasks/{t}/claim", p, t).then().statusCode(200);
    }

    private static Instant at(double minutes) {
        return NOW.plusSeconds((long) (minutes * 60));
    }

}
