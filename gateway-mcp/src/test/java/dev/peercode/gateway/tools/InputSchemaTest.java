package dev.peercode.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.mcp.server.test.McpAssured;
import io.quarkiverse.mcp.server.test.McpAssured.McpStreamableTestClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The declared input schemas are the rules the tools enforce: for every argument of every tool, each
 * declared bound ({@code minimum}/{@code maximum}, {@code minItems}/{@code maxItems},
 * {@code minLength}/{@code maxLength}) and {@code enum} value is accepted at the edge and refused one step
 * beyond it with an invalid-params error naming the argument, and every {@code required} argument is
 * refused when missing. Arguments are checked before any backend is asked, so no backend is needed: an
 * accepted call ends in a tool error (the test profile's backends are not running), never in -32602
 * naming the argument.
 */
@QuarkusTest
class InputSchemaTest {

    private static final String PROJECT = "proj_AAAAAAAAAAAAAAAA";
    private static final String TASK = "task_AAAAAAAAAAAA";

    /** A valid call of each tool with its required arguments (and what makes its other rules apply). */
    private static final Map<String, Map<String, Object>> VALID = Map.ofEntries(
            Map.entry("peercode_get_project", Map.of()),
            Map.entry("peercode_get_deltas", Map.of()),
            Map.entry("peercode_create_phase", Map.of("name", "Build")),
            Map.entry("peercode_create_task", Map.of("phaseId", "phase_AAAAAAAAAAAA", "title", "Write it")),
            Map.entry("peercode_update_task", Map.of("taskId", TASK, "description", "more")),
            Map.entry("peercode_move_task", Map.of("taskId", TASK, "phaseId", "phase_AAAAAAAAAAAA")),
            Map.entry("peercode_replan", Map.of("reason", "why", "operations",
                    List.of(Map.of("op", "cancel", "taskId", TASK)))),
            Map.entry("peercode_lock_file", Map.of("paths", List.of("src/a.ts"))),
            Map.entry("peercode_release_lock", Map.of("force", true, "holder", "bob", "reason", "crashed")),
            Map.entry("peercode_push_delta", Map.of("type", "note", "summary", "hello")),
            Map.entry("peercode_start_debate", Map.of("topic", "t", "question", "q", "options", List.of("a", "b"),
                    "participants", List.of("bob"))),
            Map.entry("peercode_respond_debate", Map.of("debateId", "deb_AAAAAAAAAAAA", "choice", "a")),
            Map.entry("peercode_sync_github", Map.of("action", "status")));

    /** Valid list entries per argument, by index. */
    private static final Map<String, IntFunction<Object>> ITEMS = Map.of(
            "taskIds", i -> "task_AAAAAAAAA" + String.format("%03d", i),
            "dependsOn", i -> "task_AAAAAAAAA" + String.format("%03d", i),
            "participants", i -> "s" + i,
            "types", i -> "note",
            "operations", i -> Map.of("op", "cancel", "taskId", TASK));

    @TestHTTPResource
    URI baseUri;

    McpStreamableTestClient client;

    @BeforeEach
    void connect() {
        client = McpAssured.newStreamableClient().setBaseUri(baseUri).build().connect();
    }

    @AfterEach
    void disconnect() {
        client.disconnect();
    }

    @Test
    void everyDeclaredBoundEnumAndRequiredArgumentIsWhatTheToolEnforces() {
        JsonArray tools = send(client.newRequest("tools/list").put("params", new JsonObject()))
                .getJsonObject("result").getJsonArray("tools");
        assertThat(tools).hasSize(VALID.size());
        int checks = 0;
        for (Object t : tools) {
            JsonObject tool = (JsonObject) t;
            String name = tool.getString("name");
            JsonObject schema = tool.getJsonObject("inputSchema");
            assertThat(VALID).as("a valid call of %s", name).containsKey(name);
            assertAccepted(name, VALID.get(name), null, "its valid call");
            for (Object required : schema.getJsonArray("required", new JsonArray())) {
                Map<String, Object> without = new HashMap<>(VALID.get(name));
                without.remove((String) required);
                assertRefused(name, without, (String) required, "missing");
                checks++;
            }
            for (String arg : schema.getJsonObject("properties").fieldNames()) {
                checks += checkArgument(name, arg, schema.getJsonObject("properties").getJsonObject(arg));
            }
        }
        assertThat(checks).as("declared rules checked").isGreaterThan(80);
    }

    private int checkArgument(String tool, String arg, JsonObject schema) {
        int checks = 0;
        for (Object value : schema.getJsonArray("enum", new JsonArray())) {
            assertAccepted(tool, with(tool, arg, value), arg, arg + "=" + value);
            checks++;
        }
        if (schema.containsKey("enum")) {
            assertRefused(tool, with(tool, arg, "not-one-of-them"), arg, "not in its enum");
        }
        if (schema.containsKey("minimum")) {
            long min = schema.getLong("minimum");
            assertAccepted(tool, with(tool, arg, min), arg, arg + " at its minimum");
            assertRefused(tool, with(tool, arg, min - 1), arg, "below its minimum");
            checks += 2;
        }
        if (schema.containsKey("maximum")) {
            long max = schema.getLong("maximum");
            assertAccepted(tool, with(tool, arg, max), arg, arg + " at its maximum");
            assertRefused(tool, with(tool, arg, max + 1), arg, "above its maximum");
            checks += 2;
        }
        if (schema.containsKey("minItems")) {
            int min = schema.getInteger("minItems");
            assertAccepted(tool, with(tool, arg, list(arg, min)), arg, arg + " with minItems");
            assertRefused(tool, with(tool, arg, list(arg, min - 1)), arg, "below minItems");
            checks += 2;
        }
        if (schema.containsKey("maxItems")) {
            int max = schema.getInteger("maxItems");
            assertAccepted(tool, with(tool, arg, list(arg, max)), arg, arg + " with maxItems");
            assertRefused(tool, with(tool, arg, list(arg, max + 1)), arg, "above maxItems");
            checks += 2;
        }
        if (schema.containsKey("minLength")) {
            int min = schema.getInteger("minLength");
            assertAccepted(tool, with(tool, arg, "a".repeat(min)), arg, arg + " at minLength");
            assertRefused(tool, with(tool, arg, "a".repeat(min - 1)), arg, "below minLength");
            checks += 2;
        }
        if (schema.containsKey("maxLength")) {
            int max = schema.getInteger("maxLength");
            assertAccepted(tool, with(tool, arg, "a".repeat(max)), arg, arg + " at maxLength");
            assertRefused(tool, with(tool, arg, "a".repeat(max + 1)), arg, "above maxLength");
            checks += 2;
        }
        return checks;
    }

    private static List<Object> list(String arg, int size) {
        IntFunction<Object> item = ITEMS.getOrDefault(arg, i -> "src/f" + i + ".ts");
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            values.add(item.apply(i));
        }
        return values;
    }

    private static Map<String, Object> with(String tool, String arg, Object value) {
        Map<String, Object> args = new HashMap<>(VALID.get(tool));
        args.put(arg, value);
        return args;
    }

    /**
     * Accepted as far as {@code arg} goes: any answer but an invalid-params error naming it (another rule
     * may still refuse the combination, e.g. action=complete needs a token).
     */
    private void assertAccepted(String tool, Map<String, Object> args, String arg, String what) {
        JsonObject error = call(tool, args).getJsonObject("error");
        if (error != null && error.getInteger("code") == -32602) {
            assertThat(arg).as("%s with %s: %s", tool, what, error).isNotNull();
            assertThat(error.getString("message")).as("%s with %s", tool, what).doesNotContainPattern(word(arg));
        }
    }

    private static String word(String arg) {
        return "\\b" + arg + "\\b";
    }

    private void assertRefused(String tool, Map<String, Object> args, String arg, String what) {
        JsonObject error = call(tool, args).getJsonObject("error");
        assertThat(error).as("%s with %s %s must be refused", tool, arg, what).isNotNull();
        assertThat(error.getInteger("code")).as("%s: %s", tool, error).isEqualTo(-32602);
        assertThat(error.getString("message")).as("%s with %s %s", tool, arg, what).containsPattern(word(arg));
    }

    private JsonObject call(String tool, Map<String, Object> args) {
        Map<String, Object> arguments = new HashMap<>(args);
        arguments.putIfAbsent("projectId", PROJECT);
        arguments.putIfAbsent("sessionId", "alice");
        return send(client.newRequest("tools/call").put("params",
                new JsonObject().put("name", tool).put("arguments", new JsonObject(arguments))));
    }

    private JsonObject send(JsonObject request) {
        AtomicReference<JsonObject> response = new AtomicReference<>();
        client.when().message(request).withAssert(response::set).send().thenAssertResults();
        return response.get();
    }
}
