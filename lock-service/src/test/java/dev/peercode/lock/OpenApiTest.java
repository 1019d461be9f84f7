package dev.peercode.lock;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The gateway's author codes against this document: every endpoint must be in it. */
@QuarkusTest
class OpenApiTest {

    @Test
    void documentsEveryEndpoint() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths", hasKey("/v1/projects/{projectId}/locks"))
                .body("paths", hasKey("/v1/projects/{projectId}/locks/check"))
                .body("paths", hasKey("/v1/projects/{projectId}/locks/release"))
                .body("paths", hasKey("/v1/projects/{projectId}/locks/force-release"))
                .body("paths", hasKey("/v1/projects/{projectId}/sync"))
                .body("paths", hasKey("/v1/projects/{projectId}/sync/start"))
                .body("paths", hasKey("/v1/projects/{projectId}/sync/complete"))
                .body("paths", hasKey("/v1/projects/{projectId}/sync/abort"))
                .body("paths", hasKey("/v1/projects/{projectId}/presence"))
                .body("paths", hasKey("/v1/projects/{projectId}/presence/{session}"))
                .body("components.schemas.AcquireLocksRequest", notNullValue())
                .body("components.schemas.LockView", notNullValue());
    }
}
