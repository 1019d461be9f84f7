package dev.peercode.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class LandingPageTest {

    @Test
    void rootServesAPageThatTellsHowToConnectAnAgent() {
        given().when().get("/")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("mcpServers"), containsString("/mcp"));
    }
}
