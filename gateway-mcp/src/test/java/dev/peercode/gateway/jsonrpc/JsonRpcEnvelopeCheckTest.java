package dev.peercode.gateway.jsonrpc;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** A JSON-RPC message whose params is not structured gets Invalid Request, never an HTTP 500. */
@QuarkusTest
class JsonRpcEnvelopeCheckTest {

    private static RequestSpecification mcp(String body) {
        return given().contentType(ContentType.JSON).accept("application/json, text/event-stream").body(body);
    }

    @Test
    void aToolCallWhoseParamsIsAStringIsAnInvalidRequestWithItsId() {
        for (String params : new String[] { "\"nope\"", "42", "true", "null" }) {
            mcp("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":" + params + "}").post("/mcp").then()
                    .statusCode(200).contentType(ContentType.JSON)
                    .body("jsonrpc", equalTo("2.0"))
                    .body("id", equalTo(7))
                    .body("error.code", equalTo(-32600))
                    .body("error.message", containsString("'params' must be an object"));
        }
    }

    @Test
    void aBatchWithOneBrokenMessageAndANotificationAreRefusedToo() {
        mcp("[{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"id\":\"b\",\"method\":\"ping\",\"params\":\"x\"}]")
                .post("/mcp").then().statusCode(200).body("id", equalTo("b")).body("error.code", equalTo(-32600));
        // A key spelled with an escape is the same key.
        mcp("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"par\\u0061ms\":\"x\"}").post("/mcp").then()
                .statusCode(200).body("id", equalTo(9)).body("error.code", equalTo(-32600));
        mcp("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\",\"params\":\"x\"}").post("/mcp").then()
                .statusCode(400).body("id", nullValue()).body("error.code", equalTo(-32600));
    }

    @Test
    void wellFormedMessagesAndNonJsonReachTheMcpServerUnchanged() {
        // An initialize with object params is answered by the MCP server itself (with a session id).
        mcp("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}").post("/mcp").then()
                .statusCode(200).header("Mcp-Session-Id", org.hamcrest.Matchers.notNullValue())
                .body("result.serverInfo.name", equalTo("peercode"));
        // Not JSON at all: the MCP server's own parse error.
        mcp("{").post("/mcp").then().statusCode(200).body("error.code", equalTo(-32700));
    }
}
