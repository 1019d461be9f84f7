package dev.peercode.planner;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;

/** Small REST helpers: every test creates its own project, so tests never see each other's data. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String project(String owner) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("name", "test project", "ownerSubject", owner, "actor", "setup"))
                .post("/v1/projects").then().statusCode(201).extract().path("id");
    }

    public static String phase(String projectId, String name) {
        return given().contentType(ContentType.JSON).body(Map.of("actor", "setup", "name", name))
                .post("/v1/projects/{p}/phases", projectId).then().statusCode(201).extract().path("id");
    }

    public static String task(String projectId, String phaseId, String title, List<String> dependsOn) {
        Map<String, Object> body = new HashMap<>();
        body.put("actor", "setup");
        body.put("phaseId", phaseId);
        body.put("title", title);
        body.put("dependsOn", dependsOn);
        return given().contentType(ContentType.JSON).body(body)
                .post("/v1/projects/{p}/tasks", projectId).then().statusCode(201).extract().path("id");
    }

    public static long lastSeq(String projectId) {
        return ((Number) given().get("/v1/projects/{p}", projectId).then().statusCode(200).extract()
                .path("project.lastSeq")).longValue();
    }
}
