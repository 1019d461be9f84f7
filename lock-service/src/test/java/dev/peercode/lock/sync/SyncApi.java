package dev.peercode.lock.sync;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** The push-token endpoints, for tests. */
final class SyncApi {

    private SyncApi() {
    }

    static ValidatableResponse call(String project, String action, String session, String... more) {
        Map<String, Object> body = new HashMap<>();
        body.put("session", session);
        for (int i = 0; i < more.length; i += 2) {
            body.put(more[i], more[i + 1]);
        }
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/v1/projects/{p}/sync/" + action, project)
                .then();
    }

    static ValidatableResponse status(String project) {
        return given().when().get("/v1/projects/{p}/sync", project).then().statusCode(200);
    }
}
