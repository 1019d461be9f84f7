package dev.peercode.lock.presence;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import dev.peercode.lock.Projects;
import dev.peercode.lock.store.RedisKeys;
import dev.peercode.security.testing.InternalTokenCallback;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * A session name belongs to the member who acts as it (issue 16 #3): another member naming it can neither
 * release, renew nor take its locks, nor abort or complete its push turn, nor touch its presence; the name
 * is free again once its binding has lapsed; of many members racing for a fresh name exactly one gets it.
 */
@QuarkusTest
class SessionBindingTest {

    private static final String ALICE = "sub-alice";
    private static final String MALLORY = "sub-mallory";

    @TestHTTPResource("/")
    URL base;

    @Inject
    RedisDataSource redis;

    @Test
    void anotherMemberCannotActAsABoundSessionWhileItsOwnerStillCan() {
        String project = Projects.fresh();
        lock(project, ALICE, "alice", "src/app.ts").statusCode(200);
        String token = sync(project, ALICE, "start", "alice", null).statusCode(200).extract().path("token");

        // mallory, a member of the same project, names alice's session everywhere: all refused, nothing changes
        refused(release(project, MALLORY, "alice", null));
        refused(release(project, MALLORY, "alice", "src/app.ts"));
        refused(lock(project, MALLORY, "alice", "src/app.ts"));
        refused(lock(project, MALLORY, "alice", "src/other.ts"));
        refused(sync(project, MALLORY, "abort", "alice", null));
        refused(sync(project, MALLORY, "complete", "alice", token));
        refused(given().header(SessionBinding.MEMBER_HEADER, MALLORY)
                .when().put("/v1/projects/{p}/presence/{s}", project, "alice").then());
        given().when().get("/v1/projects/{p}/locks", project).then().statusCode(200)
                .body("locks.path", contains("src/app.ts")).body("locks[0].holder", is("alice"));
        given().when().get("/v1/projects/{p}/sync", project).then().statusCode(200)
                .body("state", is("held")).body("holder", is("alice"));

        // alice herself still can: renew, release, give the token back
        lock(project, ALICE, "alice", "src/app.ts").statusCode(200).body("renewed", contains("src/app.ts"));
        release(project, ALICE, "alice", null).statusCode(200).body("released", contains("src/app.ts"));
        sync(project, ALICE, "abort", "alice", null).statusCode(200).body("result", is("released"));
    }

    @Test
    void theBindingLastsAsLongAsTheSessionsLocksAndThenTheNameIsFree() {
        String project = Projects.fresh();
        lock(project, ALICE, "alice", "src/app.ts", 1800).statusCode(200);
        // bound for the lock's 30 minutes, not only the 2-minute presence window
        assertThat(redis.key().pttl(RedisKeys.session(project, "alice"))).isBetween(1_700_000L, 1_800_000L);
        assertThat(redis.value(String.class).get(RedisKeys.session(project, "alice"))).isEqualTo(ALICE);
        release(project, ALICE, "alice", null).statusCode(200);
        refused(lock(project, MALLORY, "alice", "src/app.ts"));

        // Idle past the window (its binding lapses with the TTL Redis keeps for it): the name is free again.
        redis.key().pexpire(RedisKeys.session(project, "alice"), 1);
        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> redis.key().exists(RedisKeys.session(project, "alice")) == false);
        lock(project, MALLORY, "alice", "src/app.ts").statusCode(200);
        refused(release(project, ALICE, "alice", null));
    }

    @Test
    void ofManyMembersRacingForAFreshNameExactlyOneGetsIt() throws Exception {
        String project = Projects.fresh();
        int racers = 24;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        CyclicBarrier start = new CyclicBarrier(racers);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                String member = "sub-" + i;
                // half touch the presence, half take a lock of their own: either binds the name
                HttpRequest request = i % 2 == 0
                        ? authorised(base.toURI().resolve("v1/projects/" + project + "/presence/fresh"), member)
                                .PUT(HttpRequest.BodyPublishers.noBody()).build()
                        : authorised(base.toURI().resolve("v1/projects/" + project + "/locks"), member)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"session\":\"fresh\",\"paths\":[\"f" + i + ".txt\"]}"))
                                .build();
                answers.add(pool.submit(() -> {
                    start.await();
                    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 409).hasSize(racers - 1);
            String winner = redis.value(String.class).get(RedisKeys.session(project, "fresh"));
            assertThat(winner).startsWith("sub-");
            int index = Integer.parseInt(winner.substring(4));
            assertThat(statuses.get(index)).isEqualTo(200);
            // at most the winner's one lock exists
            assertThat(redis.hash(String.class).hlen(RedisKeys.locks(project))).isLessThanOrEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static HttpRequest.Builder authorised(URI uri, String member) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + InternalTokenCallback.TOKEN)
                .header(SessionBinding.MEMBER_HEADER, member);
    }

    private static void refused(ValidatableResponse answer) {
        answer.statusCode(409).contentType("application/problem+json")
                .body("type", containsString("session-taken"))
                .body("field", is("session"))
                .body("detail", containsString("session 'alice' is in use by another member"));
    }

    private static ValidatableResponse lock(String project, String member, String session, String path) {
        return lock(project, member, session, path, 900);
    }

    private static ValidatableResponse lock(String project, String member, String session, String path, int ttl) {
        return given().header(SessionBinding.MEMBER_HEADER, member).contentType(ContentType.JSON)
                .body(Map.of("session", session, "paths", List.of(path), "ttlSeconds", ttl))
                .when().post("/v1/projects/{p}/locks", project).then();
    }

    private static ValidatableResponse release(String project, String member, String session, String path) {
        Map<String, Object> body = path == null ? Map.of("session", session)
                : Map.of("session", session, "paths", List.of(path));
        return given().header(SessionBinding.MEMBER_HEADER, member).contentType(ContentType.JSON).body(body)
                .when().post("/v1/projects/{p}/locks/release", project).then();
    }

    private static ValidatableResponse sync(String project, String member, String action, String session,
            String token) {
        Map<String, Object> body = token == null ? Map.of("session", session)
                : Map.of("session", session, "token", token);
        return given().header(SessionBinding.MEMBER_HEADER, member).contentType(ContentType.JSON).body(body)
                .when().post("/v1/projects/{p}/sync/" + action, project).then();
    }
}
