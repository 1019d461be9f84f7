package dev.peercode.planner.task;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.peercode.planner.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class TaskResourceTest {

    @Test
    void phasesKeepTheirOrderWhenInsertedAndMoved() {
        String p = Fixtures.project("o");
        String a = Fixtures.phase(p, "A");
        String b = Fixtures.phase(p, "B");
        given().contentType(ContentType.JSON).body(Map.of("actor", "alice", "name", "first", "position", 0))
                .post("/v1/projects/{p}/phases", p).then().statusCode(201).body("position", equalTo(0));
        given().contentType(ContentType.JSON).body(Map.of("actor", "alice", "position", 0))
                .post("/v1/projects/{p}/phases/{ph}/move", p, b).then().statusCode(200);
        given().get("/v1/projects/{p}/phases", p).then().statusCode(200)
                .body("name", contains("B", "first", "A"))
                .body("position", contains(0, 1, 2));
        given().queryParam("after", 0).queryParam("types", "phase.created,phase.moved")
                .get("/v1/projects/{p}/deltas", p).then().body("deltas.type",
                        contains("phase.created", "phase.created", "phase.created", "phase.moved"));
        given().get("/v1/projects/{p}/phases", p).then().body("[2].id", equalTo(a));
    }

    @Test
    void tasksFollowTheStatusMachineAndVersions() {
        String p = Fixtures.project("o");
        String ph = Fixtures.phase(p, "A");
        String t = Fixtures.task(p, ph, "write parser", List.of());
        given().contentType(ContentType.JSON).body(Map.of("actor", "alice", "status", "done"))
                .patch("/v1/projects/{p}/tasks/{t}", p, t).then().statusCode(409)
                .body("status", equalTo(409));
        given().contentType(ContentType.JSON).body(Map.of("actor", "alice", "status", "in_progress",
                "expectedVersion", 0)).patch("/v1/projects/{p}/tasks/{t}", p, t).then().statusCode(200)
                .body("assignee", equalTo("alice")).body("version", equalTo(1));
        given().contentType(ContentType.JSON).body(Map.of("actor", "alice", "priority", 0, "expectedVersion", 0))
                .patch("/v1/projects/{p}/tasks/{t}", p, t).then().statusCode(409)
                .body("type", equalTo("https://peercode.dev/problems/version-conflict"))
                .body("currentVersion", equalTo(1));
        given().contentType(ContentType.JSON).body(Map.of("actor", "alice", "expectedFiles", List.of("../etc/passwd",
                "ok.txt", "/abs"))).patch("/v1/projects/{p}/tasks/{t}", p, t).then().statusCode(400)
                .body("errors.field", contains("expectedFiles[0]", "expectedFiles[2]"));
        given().contentType(ContentType.JSON).body(Map.of("actor", "alice", "expectedFiles", List.of(".\\src\\a.ts")))
                .patch("/v1/projects/{p}/tasks/{t}", p, t).then().statusCode(200)
                .body("expectedFiles", contains("src/a.ts"));
        given().get("/v1/projects/{p}/tasks/{t}", p, "task_AAAAAAAAAAAA").then().statusCode(404);
    }

    @Test
    void dependencyCyclesAreRefusedAndUnknownReferencesNamed() {
        String p = Fixtures.project("o");
        String ph = Fixtures.phase(p, "A");
        String a = Fixtures.task(p, ph, "a", List.of());
        String b = Fixtures.task(p, ph, "b", List.of(a));
        String c = Fixtures.task(p, ph, "c", List.of(b));
        long before = Fixtures.lastSeq(p);
        given().contentType(ContentType.JSON).body(Map.of("actor", "x", "dependsOn", List.of(c)))
                .patch("/v1/projects/{p}/tasks/{t}", p, a).then().statusCode(422)
                .body("type", equalTo("https://peercode.dev/problems/dependency-cycle"))
                .body("cycle", hasItem(a));
        given().contentType(ContentType.JSON).body(Map.of("actor", "x", "dependsOn", List.of("task_BBBBBBBBBBBB")))
                .patch("/v1/projects/{p}/tasks/{t}", p, a).then().statusCode(422)
                .body("errors[0].field", equalTo("dependsOn[0]"));
        given().contentType(ContentType.JSON).body(Map.of("actor", "x", "phaseId", "phase_CCCCCCCCCCCC", "title", "t"))
                .post("/v1/projects/{p}/tasks", p).then().statusCode(422)
                .body("errors[0].field", equalTo("phaseId"));
        // Nothing half-written: failed requests appended no delta.
        org.assertj.core.api.Assertions.assertThat(Fixtures.lastSeq(p)).isEqualTo(before);
    }

    @Test
    void neighboursShiftingOrNoOpWritesDoNotMakeVersionsStale() {
        String p = Fixtures.project("o");
        String ph = Fixtures.phase(p, "A");
        String t = Fixtures.task(p, ph, "t", List.of());
        given().contentType(ContentType.JSON).body(Map.of("actor", "x", "phaseId", ph, "title", "first", "position", 0))
                .post("/v1/projects/{p}/tasks", p).then().statusCode(201);
        long seq = Fixtures.lastSeq(p);
        given().contentType(ContentType.JSON).body(Map.of("actor", "x", "title", "t", "dependsOn", List.of(),
                "expectedVersion", 0)).patch("/v1/projects/{p}/tasks/{t}", p, t).then().statusCode(200)
                .body("position", equalTo(1)).body("version", equalTo(0));
        org.assertj.core.api.Assertions.assertThat(Fixtures.lastSeq(p)).isEqualTo(seq);
        given().contentType(ContentType.JSON).body(Map.of("actor", "x", "expectedVersion", 0))
                .post("/v1/projects/{p}/tasks/{t}/claim", p, t).then().statusCode(200).body("version", equalTo(1));
        given().contentType(ContentType.JSON).body(Map.of("actor", "x"))
                .post("/v1/projects/{p}/tasks/{t}/claim", p, t).then().statusCode(200).body("version", equalTo(1));
        given().queryParam("after", seq).get("/v1/projects/{p}/deltas", p).then()
                .body("deltas.type", contains("task.claimed"));
    }

    @Test
    void tasksMoveBetweenPhases() {
        String p = Fixtures.project("o");
        String a = Fixtures.phase(p, "A");
        String b = Fixtures.phase(p, "B");
        String t1 = Fixtures.task(p, a, "1", List.of());
        String t2 = Fixtures.task(p, a, "2", List.of());
        String t3 = Fixtures.task(p, b, "3", List.of());
        given().contentType(ContentType.JSON).body(Map.of("actor", "x", "phaseId", b, "position", 0))
                .post("/v1/projects/{p}/tasks/{t}/move", p, t1).then().statusCode(200)
                .body("phaseId", equalTo(b)).body("position", equalTo(0));
        given().get("/v1/projects/{p}", p).then()
                .body("plan.phases[0].tasks.id", contains(t2))
                .body("plan.phases[0].tasks[0]", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("description")))
                .body("plan.phases[0].tasks[0].position", equalTo(0))
                .body("plan.phases[1].tasks.id", contains(t1, t3));
    }
}
