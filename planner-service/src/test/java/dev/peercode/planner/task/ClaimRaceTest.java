package dev.peercode.planner.task;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

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
import io.restassured.response.Response;

@QuarkusTest
class ClaimRaceTest {

    static final int CLAIMERS = 32;

    @Test
    void exactlyOneOfManyRacingClaimersWinsAndTheOthersLearnWho() throws Exception {
        String p = Fixtures.project("o");
        String t = Fixtures.task(p, Fixtures.phase(p, "A"), "contested", List.of());
        ExecutorService pool = Executors.newFixedThreadPool(CLAIMERS);
        CyclicBarrier start = new CyclicBarrier(CLAIMERS);
        try {
            List<Future<Response>> results = new ArrayList<>();
            for (int i = 0; i < CLAIMERS; i++) {
                String session = "agent-" + i;
                boolean viaPatch = i % 2 == 1; // peercode_update_task can claim too: same guarantee
                results.add(pool.submit(() -> {
                    start.await();
                    if (viaPatch) {
                        return given().contentType(ContentType.JSON)
                                .body(Map.of("actor", session, "assignee", session, "status", "in_progress"))
                                .patch("/v1/projects/{p}/tasks/{t}", p, t).andReturn();
                    }
                    return given().contentType(ContentType.JSON).body(Map.of("actor", session))
                            .post("/v1/projects/{p}/tasks/{t}/claim", p, t).andReturn();
                }));
            }
            List<String> winners = new ArrayList<>();
            List<String> namedAsHolder = new ArrayList<>();
            for (Future<Response> f : results) {
                Response r = f.get(60, TimeUnit.SECONDS);
                if (r.statusCode() == 200) {
                    winners.add(r.jsonPath().getString("assignee"));
                } else {
                    assertThat(r.statusCode()).isEqualTo(409);
                    assertThat(r.jsonPath().getString("type")).endsWith("/claim-conflict");
                    namedAsHolder.add(r.jsonPath().getString("assignee"));
                }
            }
            assertThat(winners).hasSize(1);
            assertThat(namedAsHolder).hasSize(CLAIMERS - 1).containsOnly(winners.get(0));
            given().get("/v1/projects/{p}/tasks/{t}", p, t).then()
                    .body("assignee", org.hamcrest.Matchers.is(winners.get(0)))
                    .body("status", org.hamcrest.Matchers.is("in_progress"))
                    .body("version", org.hamcrest.Matchers.is(1));
            List<String> claims = given().queryParam("after", 0).queryParam("types", "task.claimed,task.updated")
                    .get("/v1/projects/{p}/deltas", p).then().extract().path("deltas.actor");
            assertThat(claims).containsExactly(winners.get(0));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStaleExpectedVersionFailsWithTheCurrentOne() {
        String p = Fixtures.project("o");
        String t = Fixtures.task(p, Fixtures.phase(p, "A"), "t", List.of());
        given().contentType(ContentType.JSON).body(Map.of("actor", "a", "title", "renamed"))
                .patch("/v1/projects/{p}/tasks/{t}", p, t).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("actor", "b", "expectedVersion", 0))
                .post("/v1/projects/{p}/tasks/{t}/claim", p, t).then().statusCode(409)
                .body("type", org.hamcrest.Matchers.endsWith("/version-conflict"))
                .body("currentVersion", org.hamcrest.Matchers.is(1));
        given().contentType(ContentType.JSON).body(Map.of("actor", "b", "expectedVersion", 1))
                .post("/v1/projects/{p}/tasks/{t}/claim", p, t).then().statusCode(200);
        // Claiming again is idempotent for the holder.
        given().contentType(ContentType.JSON).body(Map.of("actor", "b"))
                .post("/v1/projects/{p}/tasks/{t}/claim", p, t).then().statusCode(200);
    }
}
