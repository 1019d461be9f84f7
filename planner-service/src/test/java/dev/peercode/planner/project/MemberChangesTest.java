package dev.peercode.planner.project;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.peercode.planner.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Role changes, removal, display names and the last-owner rule (the gateway checks who may do them). */
@QuarkusTest
class MemberChangesTest {

    @Test
    void rolesChangeMembersLeaveWithTheirTokensAndBothAreLogged() {
        String p = Fixtures.project("ann");
        add(p, "ben", "member");
        String token = given().contentType(ContentType.JSON).body(Map.of("memberSubject", "ben", "name", "laptop"))
                .post("/v1/projects/{p}/agent-tokens", p).then().statusCode(201).extract().path("token");

        given().contentType(ContentType.JSON).body(Map.of("role", "owner", "changedBy", "ann"))
                .patch("/v1/projects/{p}/members/{s}", p, "ben").then().statusCode(200).body("role", equalTo("owner"));
        given().contentType(ContentType.JSON).body(Map.of("displayName", "Ben Brown"))
                .patch("/v1/projects/{p}/members/{s}", p, "ben").then().statusCode(200)
                .body("role", equalTo("owner")).body("displayName", equalTo("Ben Brown"));
        given().queryParam("removedBy", "ann").delete("/v1/projects/{p}/members/{s}", p, "ben").then().statusCode(204);

        given().get("/v1/projects/{p}/members", p).then().body("subject", not(hasItem("ben")));
        // The removed member's agent token stops working with its next call.
        given().contentType(ContentType.JSON).body(Map.of("token", token)).post("/v1/agent-tokens/verify").then()
                .statusCode(404);
        List<String> types = given().queryParam("after", 0).queryParam("types", "member.role_changed,member.removed")
                .get("/v1/projects/{p}/deltas", p).then().extract().path("deltas.type");
        assertThat(types).containsExactly("member.role_changed", "member.removed");
        given().delete("/v1/projects/{p}/members/{s}", p, "ben").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("role", "admin"))
                .patch("/v1/projects/{p}/members/{s}", p, "ann").then().statusCode(400)
                .body("errors[0].field", equalTo("role"));
    }

    @Test
    void theLastOwnerCanNeitherLeaveNorStepDown() {
        String p = Fixtures.project("solo");
        given().delete("/v1/projects/{p}/members/{s}", p, "solo").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://peercode.dev/problems/last-owner"))
                .body("subject", equalTo("solo"));
        given().contentType(ContentType.JSON).body(Map.of("role", "member"))
                .patch("/v1/projects/{p}/members/{s}", p, "solo").then().statusCode(409)
                .body("type", equalTo("https://peercode.dev/problems/last-owner"));
        given().get("/v1/projects/{p}/members/{s}", p, "solo").then().body("role", equalTo("owner"));
    }

    /** Owners removing each other at the same moment: the project lock serialises them, one owner stays. */
    @Test
    void racingOwnersRemovingEachOtherLeaveExactlyOneOwner() throws Exception {
        int owners = 8;
        String p = Fixtures.project("owner-0");
        for (int i = 1; i < owners; i++) {
            add(p, "owner-" + i, "owner");
        }
        ExecutorService pool = Executors.newFixedThreadPool(owners);
        CyclicBarrier start = new CyclicBarrier(owners);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < owners; i++) {
                String victim = "owner-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return given().delete("/v1/projects/{p}/members/{s}", p, victim).statusCode();
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(statuses).containsOnly(204, 409);
            assertThat(statuses.stream().filter(s -> s == 409)).hasSize(1);
            List<String> left = given().get("/v1/projects/{p}/members", p).then().extract().path("role");
            assertThat(left).containsExactly("owner");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void add(String p, String subject, String role) {
        given().contentType(ContentType.JSON).body(Map.of("subject", subject, "role", role))
                .post("/v1/projects/{p}/members", p).then().statusCode(201);
    }
}
