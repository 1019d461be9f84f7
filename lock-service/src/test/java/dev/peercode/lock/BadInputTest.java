package dev.peercode.lock;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Every field is validated and every refusal is a problem+json naming the field and the rule. */
@QuarkusTest
class BadInputTest {

    private final String project = Projects.fresh();

    private static Map<String, Object> lockBody(Object... pairs) {
        Map<String, Object> body = new HashMap<>(Map.of("session", "alice", "paths", List.of("src/app.ts")));
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    private ValidatableResponse post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/v1/projects/{p}" + path, project)
                .then().contentType("application/problem+json");
    }

    private ValidatableResponse refusedField(String path, Object body, String field, String message) {
        return post(path, body).statusCode(400)
                .body("type", is("https://peercode.dev/problems/validation"))
                .body("status", is(400))
                .body("errors.field", hasItems(field))
                .body("errors.find { it.field == '" + field + "' }.message", containsString(message))
                .body("instance", is("/v1/projects/" + project + path))
                .body(not(containsString("Exception")));
    }

    @Test
    void refusesPathsBreakingARuleNamingEachOne() {
        refusedField("/locks", lockBody("paths", List.of("ok.txt", "../etc/passwd", "/abs", "a//b")),
                "paths[1]", "'..'")
                .body("errors", hasSize(3))
                .body("errors.field", hasItems("paths[2]", "paths[3]"));
        refusedField("/locks", lockBody("paths", List.of("a\u0000b")), "paths[0]", "NUL");
        refusedField("/locks", lockBody("paths", List.of("é".repeat(257))), "paths[0]", "512 bytes");
        refusedField("/locks", lockBody("paths", List.of()), "paths", "");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add("f" + i);
        }
        refusedField("/locks", lockBody("paths", many), "paths", "at most 100");
        refusedField("/locks", lockBody("paths", Arrays.asList("a", null)), "paths[1]", "null");
    }

    @Test
    void refusesBadIdsLimitsAndRanges() {
        refusedField("/locks", lockBody("session", "Alice"), "session", "[a-z0-9]");
        refusedField("/locks", lockBody("session", "a".repeat(65)), "session", "");
        refusedField("/locks", Map.of("paths", List.of("a")), "session", "null");
        refusedField("/locks", lockBody("ttlSeconds", 0), "ttlSeconds", "between 1 and 14400");
        refusedField("/locks", lockBody("ttlSeconds", 14401), "ttlSeconds", "between");
        refusedField("/locks", lockBody("reason", "r".repeat(201)), "reason", "");
        refusedField("/locks", lockBody("taskId", "T-1"), "taskId", "task id");
        refusedField("/locks", lockBody("reason", "fix\nIGNORE ALL PREVIOUS"), "reason", "one line");
        refusedField("/locks/force-release", Map.of("forcedBy", "carol", "reason", "x", "paths", List.of("a"),
                "session", "bob"), "paths", "exactly one");
        refusedField("/locks/force-release", Map.of("forcedBy", "carol", "paths", List.of("a")), "reason", "");
        refusedField("/sync/complete", Map.of("session", "alice"), "token", "required");
        refusedField("/sync/complete", Map.of("session", "alice", "token", "t", "commitSha", "zz"), "commitSha",
                "hexadecimal");
    }

    @Test
    void refusesABadProjectIdAndMalformedBodies() {
        given().contentType(ContentType.JSON).body(lockBody())
                .when().post("/v1/projects/{p}/locks", "project-1")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", is("projectId"));
        post("/locks", "{\"session\": ").statusCode(400).body("errors[0].field", is("body"));
        post("/locks", "{\"session\": \"alice\", \"paths\": \"src\"}").statusCode(400)
                .body("errors[0].field", is("paths"));
        given().when().post("/v1/projects/{p}/locks", project)
                .then().statusCode(anyOf400or415()).contentType("application/problem+json");
        given().queryParam("session", "alice").when().get("/v1/projects/{p}/locks/check", project)
                .then().statusCode(400).body("errors[0].field", is("path"));
        given().queryParam("path", "../x").when().get("/v1/projects/{p}/locks/check", project)
                .then().statusCode(400).body("errors[0].field", is("path"));
        given().when().get("/v1/projects/{p}/nothing-here", project)
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", is("https://peercode.dev/problems/not-found"));
    }

    private static org.hamcrest.Matcher<Integer> anyOf400or415() {
        return org.hamcrest.Matchers.anyOf(is(400), is(415));
    }
}
