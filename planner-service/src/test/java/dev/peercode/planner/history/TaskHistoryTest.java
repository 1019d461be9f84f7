package dev.peercode.planner.history;

import static dev.peercode.planner.history.HistoryLog.status;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.peercode.planner.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** {@code GET …/history/tasks}: when each task was created and done, as the burn-up draws it. */
@QuarkusTest
class TaskHistoryTest {

    private static final Instant START = Instant.parse("2026-11-20T06:00:00Z");

    @Inject
    DataSource db;

    @Test
    void createdAndLastDoneFollowTheLog() throws Exception {
        String p = Fixtures.project("o");
        String design = Fixtures.phase(p, "Design");
        String build = Fixtures.phase(p, "Build");
        String a = Fixtures.task(p, design, "a", List.of());
        String b = Fixtures.task(p, design, "b", List.of());
        String c = Fixtures.task(p, build, "c", List.of());
        String d = Fixtures.task(p, build, "d", List.of());
        String e = Fixtures.task(p, build, "e", List.of());
        String f = Fixtures.task(p, build, "f", List.of());
        for (String done : List.of(a, b, c, f)) {
            move(p, done, "in_progress");
            move(p, done, "done");
        }
        move(p, e, "cancelled");
        new HistoryLog(db, p).cleared()
                .task("task.created", "alice", hours(0), a, Map.of())
                .task("task.created", "alice", hours(0), b, Map.of())
                .task("task.updated", "alice", hours(1), a, status("done"))
                .task("task.created", "alice", hours(2), c, Map.of())
                .task("task.created", "alice", hours(2), d, Map.of())
                // Done, reopened, done again: the last time counts.
                .task("task.updated", "alice", hours(2), b, status("done"))
                .task("task.updated", "alice", hours(2.5), b, status("in_progress"))
                .task("task.updated", "alice", hours(3), b, status("done"))
                // Done through a plan revision: its time.
                .task("plan.revised", "alice", hours(5), c, Map.of())
                // Done at a time before the one its creation was logged at (a clock skew): done when made.
                .task("task.created", "alice", hours(4), f, Map.of())
                .task("task.updated", "alice", hours(1), f, status("done"))
                // Reopened since: not done, whatever the log said before.
                .task("task.updated", "alice", hours(4), d, status("done"));
        move(p, d, "todo"); // appended now; the reopening is today's status, the dates stay the log's

        List<Map<String, Object>> tasks = given().get("/v1/projects/{p}/history/tasks", p).then().statusCode(200)
                .extract().path("tasks");
        assertThat(tasks).extracting(t -> t.get("taskId"), t -> t.get("phaseId"), t -> t.get("createdAt"),
                t -> t.get("doneAt")).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(a, design, text(hours(0)), text(hours(1))),
                        org.assertj.core.groups.Tuple.tuple(b, design, text(hours(0)), text(hours(3))),
                        org.assertj.core.groups.Tuple.tuple(c, build, text(hours(2)), text(hours(5))),
                        org.assertj.core.groups.Tuple.tuple(d, build, text(hours(2)), null),
                        // the cancelled task is not work
                        org.assertj.core.groups.Tuple.tuple(f, build, text(hours(4)), text(hours(4))));
    }

    @Test
    void aTaskTheLogNeverNamesWasMadeWithTheProject() throws Exception {
        String p = Fixtures.project("o");
        String ph = Fixtures.phase(p, "Only");
        String t = Fixtures.task(p, ph, "imported", List.of());
        String done = Fixtures.task(p, ph, "imported done", List.of());
        move(p, done, "in_progress");
        move(p, done, "done");
        new HistoryLog(db, p).cleared();
        String created = given().get("/v1/projects/{p}", p).then().extract().path("project.createdAt");
        given().get("/v1/projects/{p}/history/tasks", p).then().statusCode(200)
                .body("tasks.taskId", equalTo(List.of(t, done)))
                .body("tasks.createdAt", equalTo(List.of(created, created)))
                .body("tasks.doneAt", equalTo(java.util.Arrays.asList(null, created)));
    }

    @Test
    void unknownProjectIsNotFoundAndAMalformedIdInvalid() {
        given().get("/v1/projects/{p}/history/tasks", "proj_AAAAAAAAAAAAAAAA").then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/v1/projects/{p}/history/tasks", "nope").then().statusCode(400)
                .contentType("application/problem+json");
    }

    static void move(String p, String t, String to) {
        Map<String, Object> body = new HashMap<>(Map.of("actor", "alice", "status", to));
        given().contentType(ContentType.JSON).body(body).patch("/v1/projects/{p}/tasks/{t}", p, t).then()
                .statusCode(200);
    }

    private static Instant hours(double h) {
        return START.plusSeconds((long) (h * 3600));
    }

    private static String text(Instant at) {
        return at.toString();
    }
}
