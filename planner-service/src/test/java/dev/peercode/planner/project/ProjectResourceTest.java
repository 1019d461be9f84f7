package dev.peercode.planner.project;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.peercode.planner.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class ProjectResourceTest {

    @Test
    void createsAProjectWithItsOwnerAndFirstDelta() {
        String id = given().contentType(ContentType.JSON)
                .body(Map.of("name", "shop", "ownerSubject", "alice@example", "repositoryUrl",
                        "https://github.com/acme/shop"))
                .post("/v1/projects").then().statusCode(201)
                .header("Location", matchesPattern(".*/v1/projects/proj_[A-Za-z0-9_-]{16}"))
                .body("syncBranch", equalTo("peer-progress"))
                .body("lastSeq", equalTo(1))
                .extract().path("id");

        given().get("/v1/projects/{p}", id).then().statusCode(200)
                .body("project.name", equalTo("shop"))
                .body("plan.phases.size()", equalTo(0));
        // The project alone: what the gateway asks to learn the sync branch, without the plan.
        given().queryParam("plan", false).get("/v1/projects/{p}", id).then().statusCode(200)
                .body("project.syncBranch", equalTo("peer-progress"))
                .body("$", not(hasKey("plan")));
        given().queryParam("plan", false).get("/v1/projects/{p}", "proj_AAAAAAAAAAAAAAAA").then().statusCode(404);
        given().queryParam("memberSubject", "alice@example").get("/v1/projects").then().statusCode(200)
                .body("id", hasItem(id));
        given().get("/v1/projects/{p}/members/{s}", id, "alice@example").then().statusCode(200)
                .body("role", equalTo("owner"));
        given().queryParam("after", 0).get("/v1/projects/{p}/deltas", id).then().statusCode(200)
                .body("deltas[0].type", equalTo("project.created"));
    }

    @Test
    void invalidInputNamesTheFieldInAProblem() {
        given().contentType(ContentType.JSON)
                .body(Map.of("name", "x".repeat(101), "ownerSubject", "a", "syncBranch", "no spaces"))
                .post("/v1/projects").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://peercode.dev/problems/validation"))
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("syncBranch"));
        given().contentType(ContentType.JSON).body("{\"name\": [1]}").post("/v1/projects").then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
        given().get("/v1/projects/proj_AAAAAAAAAAAAAAAA").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://peercode.dev/problems/not-found"));
        given().get("/v1/projects/not-an-id").then().statusCode(400).body("errors[0].field", equalTo("projectId"));
    }

    @Test
    void membersAreAddedOnceAndLookedUpByRole() {
        String id = Fixtures.project("owner-1");
        given().contentType(ContentType.JSON).body(Map.of("subject", "bob", "role", "member"))
                .post("/v1/projects/{p}/members", id).then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("subject", "bob", "role", "member"))
                .post("/v1/projects/{p}/members", id).then().statusCode(409)
                .body("type", equalTo("https://peercode.dev/problems/conflict"));
        given().contentType(ContentType.JSON).body(Map.of("subject", "carol", "role", "admin"))
                .post("/v1/projects/{p}/members", id).then().statusCode(400).body("errors[0].field", equalTo("role"));
        given().get("/v1/projects/{p}/members", id).then().statusCode(200).body("subject", hasItem("bob"));
        given().get("/v1/projects/{p}/members/{s}", id, "nobody").then().statusCode(404);
    }

    @Test
    void agentTokensAreShownOnceVerifiedAndRevocable() {
        String id = Fixtures.project("tok-owner");
        var created = given().contentType(ContentType.JSON).body(Map.of("memberSubject", "tok-owner", "name", "laptop"))
                .post("/v1/projects/{p}/agent-tokens", id).then().statusCode(201)
                .body("token", matchesPattern("pct_[A-Za-z0-9_-]{32}"))
                .extract();
        String secret = created.path("token");
        String tokenId = created.path("tokenId");

        given().get("/v1/projects/{p}/agent-tokens", id).then().statusCode(200)
                .body("[0].tokenId", equalTo(tokenId))
                .body("[0]", not(hasKey("token")));
        given().contentType(ContentType.JSON).body(Map.of("token", secret)).post("/v1/agent-tokens/verify")
                .then().statusCode(200)
                .body("projectId", equalTo(id)).body("memberSubject", equalTo("tok-owner"))
                .body("role", equalTo("owner")).body("tokenId", equalTo(tokenId));
        String lastUsed = given().get("/v1/projects/{p}/agent-tokens", id).then().extract().path("[0].lastUsedAt");
        assertThat(lastUsed).isNotNull();

        given().delete("/v1/projects/{p}/agent-tokens/{t}", id, tokenId).then().statusCode(204);
        given().delete("/v1/projects/{p}/agent-tokens/{t}", id, tokenId).then().statusCode(204);
        given().contentType(ContentType.JSON).body(Map.of("token", secret)).post("/v1/agent-tokens/verify")
                .then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("memberSubject", "stranger", "name", "x"))
                .post("/v1/projects/{p}/agent-tokens", id).then().statusCode(422)
                .body("errors[0].field", equalTo("memberSubject"));
    }
}
