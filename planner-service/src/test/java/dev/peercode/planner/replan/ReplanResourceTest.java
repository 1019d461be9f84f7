package dev.peercode.planner.replan;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.peercode.planner.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class ReplanResourceTest {

    @Test
    void theAnalysisUsesPresenceFromTheRequest() {
        String p = Fixtures.project("o");
        String ph = Fixtures.phase(p, "A");
        String t = Fixtures.task(p, ph, "stale work", List.of());
        given().contentType(ContentType.JSON).body(Map.of("actor", "ghost"))
                .post("/v1/projects/{p}/tasks/{t}/claim", p, t).then().statusCode(200);
        String ready = Fixtures.task(p, ph, "ready work", List.of());
        given().contentType(ContentType.JSON)
                .body(Map.of("sessions", List.of(
                        Map.of("session", "ghost", "lastSeenAt", Instant.now().minusSeconds(3600).toString()),
                        Map.of("session", "bob", "lastSeenAt", Instant.now().toString()))))
                .post("/v1/projects/{p}/replan/analysis", p).then().statusCode(200)
                .body("findings.kind", hasItem("stale_assignee"))
                .body("findings.kind", hasItem("assign"))
                .body("operations.find { it.op == 'unassign' }.taskId", equalTo(t))
                .body("operations.find { it.op == 'update_task' }.taskId", equalTo(ready))
                .body("operations.find { it.op == 'update_task' }.assignee", equalTo("bob"));
    }

    @Test
    void aRevisionAppliesEverythingWithOneDelta() {
        String p = Fixtures.project("o");
        String ph = Fixtures.phase(p, "A");
        String a = Fixtures.task(p, ph, "a", List.of());
        long before = Fixtures.lastSeq(p);
        given().contentType(ContentType.JSON).body(Map.of("actor", "alice", "reason", "split the work",
                "basedOnSeq", before, "operations", List.of(
                        Map.of("op", "create_phase", "name", "B", "ref", "b"),
                        Map.of("op", "create_task", "phaseId", "$b", "title", "b1", "ref", "b1"),
                        Map.of("op", "add_dependency", "taskId", "$b1", "dependsOn", a),
                        Map.of("op", "create_task", "phaseId", "$b", "title", "b2", "dependsOn", "$b1"),
                        Map.of("op", "update_task", "taskId", a, "expectedVersion", 0, "priority", 0),
                        Map.of("op", "cancel", "taskId", "$b1"))))
                .post("/v1/projects/{p}/replan/revisions", p).then().statusCode(201)
                .body("seq", equalTo((int) before + 1))
                .body("operations[1].phaseId", org.hamcrest.Matchers.startsWith("phase_"));
        assertThat(Fixtures.lastSeq(p)).isEqualTo(before + 1);
        given().queryParam("after", before).get("/v1/projects/{p}/deltas", p).then()
                .body("deltas.type", contains("plan.revised"))
                .body("deltas[0].data.operations", equalTo(6));
        given().get("/v1/projects/{p}", p).then()
                .body("plan.phases.name", contains("A", "B"))
                .body("plan.phases[1].tasks[0].status", equalTo("cancelled"))
                .body("plan.phases[1].tasks[0].dependsOn", contains(a))
                .body("plan.phases[1].tasks[1].title", equalTo("b2"))
                .body("plan.phases[0].tasks[0].priority", equalTo(0));
        // Stored and read back as applied: each operation with its op, the refs resolved to the new ids.
        given().get("/v1/projects/{p}/replan/revisions", p).then().body("[0].reason", equalTo("split the work"))
                .body("[0].operations.op", contains("create_phase", "create_task", "add_dependency", "create_task",
                        "update_task", "cancel"))
                .body("[0].operations[0].phaseId", org.hamcrest.Matchers.startsWith("phase_"))
                .body("[0].operations[2].taskId", org.hamcrest.Matchers.startsWith("task_"))
                .body("[0].operations[2].dependsOn", equalTo(a))
                .body("[0].operations[4].expectedVersion", equalTo(0));
    }

    @Test
    void staleVersionsFailTheWholeRevisionNamingEachConflict() {
        String p = Fixtures.project("o");
        String ph = Fixtures.phase(p, "A");
        String a = Fixtures.task(p, ph, "a", List.of());
        String b = Fixtures.task(p, ph, "b", List.of());
        given().contentType(ContentType.JSON).body(Map.of("actor", "x", "title", "a2"))
                .patch("/v1/projects/{p}/tasks/{t}", p, a).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("actor", "x", "title", "b2"))
                .patch("/v1/projects/{p}/tasks/{t}", p, b).then().statusCode(200);
        long before = Fixtures.lastSeq(p);
        given().contentType(ContentType.JSON).body(Map.of("actor", "alice", "reason", "r", "operations", List.of(
                Map.of("op", "create_task", "phaseId", ph, "title", "new"),
                Map.of("op", "cancel", "taskId", a, "expectedVersion", 0),
                Map.of("op", "cancel", "taskId", b, "expectedVersion", 0))))
                .post("/v1/projects/{p}/replan/revisions", p).then().statusCode(409)
                .body("type", equalTo("https://peercode.dev/problems/version-conflict"))
                .body("conflicts.id", contains(a, b))
                .body("conflicts.currentVersion", contains(1, 1));
        assertThat(Fixtures.lastSeq(p)).isEqualTo(before);
    }

    @Test
    void aFailingOperationRollsBackTheOnesBeforeIt() {
        String p = Fixtures.project("o");
        String ph = Fixtures.phase(p, "A");
        String a = Fixtures.task(p, ph, "a", List.of());
        String b = Fixtures.task(p, ph, "b", List.of(a));
        long before = Fixtures.lastSeq(p);
        given().contentType(ContentType.JSON).body(Map.of("actor", "alice", "reason", "r", "operations", List.of(
                Map.of("op", "create_task", "phaseId", ph, "title", "would be lost"),
                Map.of("op", "add_dependency", "taskId", a, "dependsOn", b))))
                .post("/v1/projects/{p}/replan/revisions", p).then().statusCode(422)
                .body("type", equalTo("https://peercode.dev/problems/dependency-cycle"))
                .body("errors[0].field", equalTo("operations[1].dependsOn"));
        given().contentType(ContentType.JSON).body(Map.of("actor", "alice", "reason", "r", "operations", List.of(
                Map.of("op", "move_task", "taskId", a), Map.of("op", "explode", "taskId", a))))
                .post("/v1/projects/{p}/replan/revisions", p).then().statusCode(400)
                .body("errors.field", hasItem("operations[1].op"));
        given().contentType(ContentType.JSON).body(Map.of("actor", "alice", "reason", "r", "operations", List.of(
                Map.of("op", "move_task", "taskId", a))))
                .post("/v1/projects/{p}/replan/revisions", p).then().statusCode(400)
                .body("errors[0].field", equalTo("operations[0].phaseId"));
        given().contentType(ContentType.JSON).body(Map.of("actor", "alice", "reason", "r", "operations", List.of(
                Map.of("op", "update_task", "taskId", a, "dependsOn", b, "priority", 1))))
                .post("/v1/projects/{p}/replan/revisions", p).then().statusCode(400)
                .body("errors[0].field", equalTo("operations[0].dependsOn"));
        assertThat(Fixtures.lastSeq(p)).isEqualTo(before);
        given().get("/v1/projects/{p}/tasks", p).then().body("size()", equalTo(2));
    }
}
