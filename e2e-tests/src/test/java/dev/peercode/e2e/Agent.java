package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.quarkiverse.mcp.server.test.McpAssured;
import io.quarkiverse.mcp.server.test.McpAssured.McpError;
import io.quarkiverse.mcp.server.test.McpAssured.McpStreamableTestClient;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One coding session as an MCP client sees PeerCode: a Streamable HTTP connection to {@code /mcp}
 * (McpAssured, the MCP server project's own test client) that calls tools by name with JSON arguments.
 * Identifies itself either by arguments on every call or by the {@code X-PeerCode-*} headers.
 */
final class Agent implements AutoCloseable {

    final String session;
    final String projectId;
    private final String gatewayUrl;
    private final boolean viaHeaders;
    final McpStreamableTestClient client;

    private Agent(String gatewayUrl, String session, String projectId, boolean viaHeaders, boolean listen) {
        this.session = session;
        this.projectId = projectId;
        this.gatewayUrl = gatewayUrl;
        this.viaHeaders = viaHeaders;
        McpStreamableTestClient.Builder builder = McpAssured.newStreamableClient()
                .setBaseUri(URI.create(gatewayUrl))
                .setName("e2e-" + session)
                .setOpenSubsidiarySse(listen);
        if (viaHeaders) {
            builder.setAdditionalHeaders(message -> MultiMap.caseInsensitiveMultiMap()
                    .add("X-PeerCode-Project", projectId)
                    .add("X-PeerCode-Session", session));
        }
        this.client = builder.build().connect();
    }

    /** A session that names project and session in every call's arguments. */
    static Agent withArguments(String session, String projectId) {
        return new Agent(Stack.gatewayUrl(), session, projectId, false, false);
    }

    /** A session whose project and session come from the X-PeerCode-* headers; listens for notifications. */
    static Agent withHeaders(String session, String projectId) {
        return new Agent(Stack.gatewayUrl(), session, projectId, true, true);
    }

    /** Like {@link #withHeaders} but connected to the given gateway replica instead of the shared stack's. */
    static Agent at(String gatewayUrl, String session, String projectId) {
        return new Agent(gatewayUrl, session, projectId, true, true);
    }

    /** The tool's structured result; fails the test if the call was an error. */
    JsonObject ok(String tool, Map<String, Object> args) {
        JsonObject result = call(tool, args);
        assertThat(result.getBoolean("isError", false))
                .as("%s by %s failed: %s", tool, session, text(result)).isFalse();
        JsonObject structured = result.getJsonObject("structuredContent");
        assertThat(structured).as("%s returns structured content", tool).isNotNull();
        return structured;
    }

    /** The text of the tool error ({@code isError: true}); fails the test if the call succeeded. */
    String toolError(String tool, Map<String, Object> args) {
        JsonObject result = call(tool, args);
        assertThat(result.getBoolean("isError", false)).as("%s by %s should fail but answered %s", tool, session,
                result).isTrue();
        return text(result);
    }

    /** The JSON-RPC error of a call the server refused as malformed. */
    McpError protocolError(String tool, Map<String, Object> args) {
        AtomicReference<McpError> error = new AtomicReference<>();
        client.when().message(toolsCall(tool, args)).withErrorAssert(error::set).send().thenAssertResults();
        assertThat(error.get()).as("%s should be refused", tool).isNotNull();
        return error.get();
    }

    /**
     * The raw {@code tools/call} result (isError, content, structuredContent), checked against the tool's
     * declared output schema like a validating client would ({@link ToolContract}).
     */
    JsonObject call(String tool, Map<String, Object> args) {
        JsonObject result = request(toolsCall(tool, args));
        ToolContract.verify(gatewayUrl, () -> request(newRequest("tools/list", new JsonObject())).getJsonArray("tools"),
                tool, result);
        return result;
    }

    /** Any JSON-RPC request; returns its result. */
    JsonObject request(JsonObject request) {
        AtomicReference<JsonObject> response = new AtomicReference<>();
        client.when().message(request).withAssert(response::set).send().thenAssertResults();
        JsonObject r = response.get();
        return r.containsKey("result") ? r.getJsonObject("result") : r;
    }

    JsonObject newRequest(String method, JsonObject params) {
        return client.newRequest(method).put("params", params);
    }

    private JsonObject toolsCall(String tool, Map<String, Object> args) {
        Map<String, Object> arguments = new HashMap<>(args);
        if (!viaHeaders) {
            arguments.putIfAbsent("projectId", projectId);
            arguments.putIfAbsent("sessionId", session);
        }
        return newRequest("tools/call", new JsonObject().put("name", tool).put("arguments", new JsonObject(arguments)));
    }

    static String text(JsonObject result) {
        JsonArray content = result.getJsonArray("content", new JsonArray());
        return content.isEmpty() ? "" : content.getJsonObject(0).getString("text", "");
    }

    static List<JsonObject> objects(JsonArray array) {
        return array == null ? List.of() : array.stream().map(JsonObject.class::cast).toList();
    }

    @Override
    public void close() {
        client.disconnect();
    }
}
