package dev.peercode.planner.debate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.peercode.planner.Fixtures;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class DebateResourceTest {

    static String start(String p, List<String> participants, long deadlineSeconds) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("actor", "alice", "topic", "state library", "question", "Which one?",
                        "options", List.of("redux", "zustand"), "participants", participants,
                        "deadlineSeconds", deadlineSeconds))
                .post("/v1/projects/{p}/debates", p).then().statusCode(201)
                .body("status", equalTo("open")).body("waitingFor", equalTo(participants))
                .extract().path("id");
    }

    static void respond(String p, String d, String actor, String choice, int status) {
        given().contentType(ContentType.JSON).body(Map.of("actor", actor, "choice", choice, "argument", "because"))
                .post("/v1/projects/{p}/debates/{d}/responses", p, d).then().statusCode(status);
    }

    static List<String> types(String p) {
        return given().queryParam("after", 0).get("/v1/projects/{p}/deltas", p).then().extract().path("deltas.type");
    }

    @Test
    void theLastAnswerResolvesByMajority() {
        String p = Fixtures.project("o");
        String d = start(p, List.of("alice", "bob", "carol"), 600);
        respond(p, d, "alice", "zustand", 200);
        respond(p, d, "alice", "redux", 409);
        respond(p, d, "mallory", "redux", 422);
        respond(p, d, "bob", "mobx", 422);
        respond(p, d, "bob", "redux", 200);
        given().get("/v1/projects/{p}/debates/{d}", p, d).then().body("status", equalTo("open"))
                .body("waitingFor", contains("carol"));
        respond(p, d, "carol", "zustand", 200);
        given().get("/v1/projects/{p}/debates/{d}", p, d).then()
                .body("status", equalTo("resolved")).body("outcome", equalTo("zustand"))
                .body("decidedByKind", equalTo("majority")).body("tally.zustand", equalTo(2));
        assertThat(types(p)).containsSubsequence("debate.started", "debate.responded", "debate.responded",
                "debate.responded", "debate.resolved");
        respond(p, d, "carol", "zustand", 409);
    }

    @Test
    void aTieEscalatesAndAPersonDecides() {
        String p = Fixtures.project("o");
        String d = start(p, List.of("alice", "bob"), 600);
        respond(p, d, "alice", "redux", 200);
        respond(p, d, "bob", "zustand", 200);
        given().get("/v1/projects/{p}/debates/{d}", p, d).then().body("status", equalTo("escalated"));
        given().contentType(ContentType.JSON).body(Map.of("memberSubject", "owner@example", "choice", "redux"))
                .post("/v1/projects/{p}/debates/{d}/decision", p, d).then().statusCode(200)
                .body("status", equalTo("resolved")).body("decidedBy", equalTo("owner@example"))
                .body("decidedByKind", equalTo("person"));
        assertThat(types(p)).endsWith("debate.escalated", "debate.decided");
        given().queryParam("status", "resolved").get("/v1/projects/{p}/debates", p).then().body("id", hasItem(d));
    }

    @Test
    void explicitEscalationAndWithdrawal() {
        String p = Fixtures.project("o");
        String d = start(p, List.of("bob", "carol"), 600);
        given().contentType(ContentType.JSON).body(Map.of("actor", "bob", "reason", "needs product call"))
                .post("/v1/projects/{p}/debates/{d}/escalate", p, d).then().statusCode(200)
                .body("status", equalTo("escalated"));
        given().contentType(ContentType.JSON).body(Map.of("actor", "bob"))
                .post("/v1/projects/{p}/debates/{d}/withdraw", p, d).then().statusCode(422);
        given().contentType(ContentType.JSON).body(Map.of("actor", "alice"))
                .post("/v1/projects/{p}/debates/{d}/withdraw", p, d).then().statusCode(200)
                .body("status", equalTo("withdrawn"));
        given().contentType(ContentType.JSON).body(Map.of("memberSubject", "o", "choice", "redux"))
                .post("/v1/projects/{p}/debates/{d}/decision", p, d).then().statusCode(409);
        assertThat(types(p)).endsWith("debate.escalated", "debate.withdrawn");
    }

    @Test
    void theSweeperSettlesDebatesAtTheirDeadline() {
        String p = Fixtures.project("o");
        String resolved = start(p, List.of("alice", "bob", "carol"), 600);
        respond(p, resolved, "alice", "redux", 200);
        respond(p, resolved, "bob", "redux", 200);
        String noQuorum = start(p, List.of("alice", "bob", "carol"), 600);
        respond(p, noQuorum, "alice", "redux", 200);
        String notDue = start(p, List.of("alice", "bob"), 600);
        // Time passes: the deadlines of two of them are moved into the past (the clock is not mocked).
        QuarkusTransaction.requiringNew().run(() -> Arc.container().instance(EntityManager.class).get()
                .createNativeQuery("update debate set deadline = now() - interval '1 second' where id in (?1, ?2)")
                .setParameter(1, resolved).setParameter(2, noQuorum).executeUpdate());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !"open".equals(status(p, noQuorum))
                && !"open".equals(status(p, resolved)));
        given().get("/v1/projects/{p}/debates/{d}", p, resolved).then().body("status", equalTo("resolved"))
                .body("outcome", equalTo("redux")).body("resolutionReason", containsString("deadline"));
        given().get("/v1/projects/{p}/debates/{d}", p, noQuorum).then().body("status", equalTo("escalated"))
                .body("resolutionReason", containsString("quorum"));
        assertThat(status(p, notDue)).isEqualTo("open");
        // Settled once each, however many sweeps ran (and a direct sweep finds nothing left).
        assertThat(Arc.container().instance(DebateSweeper.class).get().sweepNow()).isZero();
        assertThat(types(p).stream().filter(t -> t.equals("debate.resolved") || t.equals("debate.escalated")))
                .hasSize(2);
    }

    static String status(String p, String d) {
        return given().get("/v1/projects/{p}/debates/{d}", p, d).then().extract().path("status");
    }

    @Test
    void badDebatesAreRefusedWithTheField() {
        String p = Fixtures.project("o");
        given().contentType(ContentType.JSON)
                .body(Map.of("actor", "alice", "topic", "t", "question", "q", "options", List.of("only"),
                        "participants", List.of("Bad!")))
                .post("/v1/projects/{p}/debates", p).then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("options", "participants[0]"));
        given().contentType(ContentType.JSON)
                .body(Map.of("actor", "alice", "topic", "t", "question", "q", "options", List.of("a", "a"),
                        "participants", List.of("bob"), "deadlineSeconds", 99999999))
                .post("/v1/projects/{p}/debates", p).then().statusCode(400)
                .body("errors[0].field", equalTo("deadlineSeconds"));
        given().get("/v1/projects/{p}/debates/{d}", p, "deb_AAAAAAAAAAAA").then().statusCode(404);
    }
}
