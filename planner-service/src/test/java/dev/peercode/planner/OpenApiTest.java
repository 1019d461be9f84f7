package dev.peercode.planner;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OpenApiTest {

    @Test
    void theInternalApiIsDocumented() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/v1/projects/{projectId}/deltas"))
                .body(containsString("/v1/projects/{projectId}/tasks/{taskId}/claim"))
                .body(containsString("/v1/projects/{projectId}/replan/revisions"))
                .body(containsString("/v1/agent-tokens/verify"));
    }

    @Test
    void unknownPathsAnswerAProblemToo() {
        given().get("/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }
}
