package dev.peercode.lock.lock;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.peercode.lock.Projects;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** A project's lock set is bounded (and the test logs how long an acquire takes near the bound). */
@QuarkusTest
class LockLimitsTest {

    @Inject
    RedisDataSource redis;

    @Test
    void aFullProjectRefusesMoreLocksButStillRenews() {
        String project = Projects.fresh();
        long slowest = 0;
        List<Long> timings = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                paths.add("module" + i + "/src/file" + s + ".ts");
            }
            long began = System.nanoTime();
            given().contentType(ContentType.JSON).body(Map.of("session", "s" + s, "paths", paths))
                    .when().post("/v1/projects/{p}/locks", project)
                    .then().statusCode(200);
            long took = (System.nanoTime() - began) / 1_000_000;
            timings.add(took);
            if (s > 0) {
                // the first call also warms up the JVM
                slowest = Math.max(slowest, took);
            }
        }
        String evalsha = redis.execute("INFO", "commandstats").toString().lines()
                .filter(line -> line.startsWith("cmdstat_evalsha")).findFirst().orElse("?");
        Log.infof("acquire of 100 paths against up to 900 live locks of other sessions: slowest %d ms over HTTP"
                + " (%s); inside Redis since it started: %s", slowest, timings, evalsha);
        // a figure, not a gate: this machine runs other builds at the same time
        assertThat(slowest).isPositive();

        given().contentType(ContentType.JSON).body(Map.of("session", "late", "paths", List.of("x.txt")))
                .when().post("/v1/projects/{p}/locks", project)
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", is("https://peercode.dev/problems/unprocessable"))
                .body("limit", is(1000));
        // a renewal adds nothing and is still allowed
        given().contentType(ContentType.JSON)
                .body(Map.of("session", "s0", "paths", List.of("module0/src/file0.ts")))
                .when().post("/v1/projects/{p}/locks", project)
                .then().statusCode(200);
    }
}
