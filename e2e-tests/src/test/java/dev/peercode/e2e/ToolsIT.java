package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkiverse.mcp.server.test.McpAssured;
import io.quarkiverse.mcp.server.test.McpAssured.McpError;
import io.quarkiverse.mcp.server.test.McpAssured.McpSseTestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The MCP surface itself: the tool list, argument validation, errors, the resource and the prompt, sizes. */
class ToolsIT {

    static final List<String> TOOLS = List.of("peercode_get_project", "peercode_get_deltas", "peercode_create_phase",
            "peercode_create_task", "peercode_update_task", "peercode_move_task", "peercode_replan",
            "peercode_lock_file", "peercode_release_lock", "peercode_push_delta", "peercode_start_debate",
            "peercode_respond_debate", "peercode_sync_github");

    @Test
    void exactlyTheContractToolsEachWithDescribedArgumentsAndAnOutputSchema() throws Exception {
        String projectId = Rest.createProject("tool list");
        try (Agent agent = Agent.withArguments("carol", projectId)) {
            JsonArray tools = agent.request(agent.newRequest("tools/list", new JsonObject())).getJsonArray("tools");
            List<JsonObject> list = Agent.objects(tools);
            System.out.printf("[measure] tools/list: %d bytes for %d tools%n",
                    tools.encode().getBytes(StandardCharsets.UTF_8).length, list.size());
            Files.writeString(Path.of("target", "tools-list.json"), tools.encodePrettily());
            assertThat(list).extracting(t -> t.getString("name")).containsExactlyInAnyOrderElementsOf(TOOLS);
            for (JsonObject tool : list) {
                assertThat(tool.getString("description")).as(tool.getString("name")).hasSizeGreaterThan(40);
                JsonObject properties = tool.getJsonObject("inputSchema").getJsonObject("properties");
                assertThat(properties.fieldNames()).as(tool.getString("name")).contains("projectId", "sessionId");
                properties.forEach(p -> assertThat(((JsonObject) p.getValue()).getString("description"))
                        .as("%s.%s", tool.getString("name"), p.getKey()).isNotBlank());
                assertThat(tool.getJsonObject("outputSchema")).as(tool.getString("name")).isNotNull();
                assertEnumsOnTextsOnly(tool.getString("name"), tool);
            }
        }
    }

    /** An {@code enum} is declared on text values only (on a list, its items carry it). */
    private static void assertEnumsOnTextsOnly(String path, Object schema) {
        if (schema instanceof JsonObject node) {
            if (node.containsKey("enum")) {
                assertThat(node.getString("type")).as("%s declares an enum", path).isEqualTo("string");
            }
            node.forEach(e -> assertEnumsOnTextsOnly(path + "/" + e.getKey(), e.getValue()));
        } else if (schema instanceof JsonArray array) {
            array.forEach(e -> assertEnumsOnTextsOnly(path, e));
        }
    }

    /**
     * What a client's model reads of the tools on every turn (name, description, input schema, as
     * {@code tools/list} sends them): measured, and held to the size it had before the schemas declared
     * enums and bounds (15.3 KB), so richer schemas cost no more context.
     */
    @Test
    void whatAModelSeesOfTheToolsStaysWithinItsBudget() {
        String projectId = Rest.createProject("tool budget");
        try (Agent agent = Agent.withArguments("carol", projectId)) {
            JsonArray seen = new JsonArray();
            for (JsonObject tool : Agent.objects(agent.request(agent.newRequest("tools/list", new JsonObject()))
                    .getJsonArray("tools"))) {
                seen.add(new JsonObject().put("name", tool.getString("name"))
                        .put("description", tool.getString("description"))
                        .put("inputSchema", tool.getJsonObject("inputSchema")));
            }
            int bytes = seen.encode().getBytes(StandardCharsets.UTF_8).length;
            System.out.printf("[measure] tools as a model sees them (name, description, inputSchema): %d bytes, "
                    + "~%d tokens at 4 characters per token%n", bytes, seen.encode().length() / 4);
            assertThat(bytes).isLessThanOrEqualTo(15_300);
        }
    }

    /**
     * Protocol revisions: the server answers the revision a client offers when it speaks it, else its own
     * latest (2025-11-25), which the client may accept or refuse (MCP lifecycle, version negotiation).
     */
    @Test
    void initializeNegotiatesTheClientsRevisionOrOffersItsLatest() {
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put("2025-11-25", "2025-11-25");
        expected.put("2025-06-18", "2025-06-18");
        expected.put("2025-03-26", "2025-03-26");
        expected.put("2024-11-05", "2024-11-05");
        expected.put("2026-07-28", "2025-11-25");
        expected.put("2099-01-01", "2025-11-25");
        for (Map.Entry<String, String> offer : expected.entrySet()) {
            JsonObject initialize = new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "initialize")
                    .put("params", new JsonObject().put("protocolVersion", offer.getKey())
                            .put("capabilities", new JsonObject())
                            .put("clientInfo", new JsonObject().put("name", "revision-" + offer.getKey())
                                    .put("version", "1")));
            assertThat(withoutSession(initialize).getJsonObject("result").getString("protocolVersion"))
                    .as("offered %s", offer.getKey()).isEqualTo(offer.getValue());
        }
        // A stateless 2026-07-28 client starts with server/discover; this server does not know it, so such a
        // client falls back to initialize (above), where it is offered 2025-11-25.
        JsonObject discover = new JsonObject().put("jsonrpc", "2.0").put("id", 2).put("method", "server/discover")
                .put("params", new JsonObject().put("_meta",
                        new JsonObject().put("io.modelcontextprotocol/protocolVersion", "2026-07-28")));
        assertThat(withoutSession(discover).getJsonObject("error").getInteger("code")).isEqualTo(-32601);
    }

    /** One JSON-RPC message to {@code /mcp} outside any MCP session; its JSON answer. */
    private static JsonObject withoutSession(JsonObject message) {
        HttpResponse<String> answer = Rest.send(HttpRequest.newBuilder(URI.create(Stack.gatewayUrl() + "/mcp"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(message.encode())).build());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return new JsonObject(answer.body());
    }

    /**
     * One teammate's push without a summary must not break the project state for everyone: every read of
     * the push token after it (sync status, get_project, the next grant) matches its declared schema (the
     * {@link ToolContract} check every call goes through) and holds no null.
     */
    @Test
    void aPushWithoutASummaryLeavesEveryReadOfThePushTokenValid() {
        String projectId = Rest.createProject("summary-less push");
        try (Agent hal = Agent.withArguments("hal", projectId); Agent ivy = Agent.withArguments("ivy", projectId)) {
            String token = hal.ok("peercode_sync_github", Map.of("action", "start")).getString("token");
            ivy.ok("peercode_sync_github", Map.of("action", "start"));
            hal.ok("peercode_sync_github", Map.of("action", "complete", "token", token, "commitSha", "abc1234"));
            for (Agent reader : List.of(hal, ivy)) {
                JsonObject status = reader.ok("peercode_sync_github", Map.of("action", "status"));
                assertThat(status.getJsonObject("lastPush").fieldNames()).containsExactlyInAnyOrder("commitSha", "by",
                        "at");
                JsonObject state = reader.ok("peercode_get_project", Map.of());
                assertThat(state.getJsonObject("sync").getJsonObject("lastPush").getString("commitSha"))
                        .isEqualTo("abc1234");
                assertThat(state.encode()).doesNotContain(":null");
            }
            assertThat(ivy.ok("peercode_sync_github", Map.of("action", "start")).getJsonObject("lastPush")
                    .getString("by")).isEqualTo("hal");
        }
    }

    /**
     * Completing a push may give back the locks of the files it pushed: only the caller's, only the named
     * ones, each logged as its own release; only complete releases.
     */
    @Test
    void completingAPushReleasesTheLocksOfThePushedFilesWhenAsked() {
        String projectId = Rest.createProject("push releases");
        try (Agent kim = Agent.withArguments("kim", projectId); Agent lee = Agent.withArguments("lee", projectId)) {
            kim.ok("peercode_lock_file", Map.of("paths", List.of("src/a.ts", "src/b.ts"), "reason", "feature"));
            lee.ok("peercode_lock_file", Map.of("paths", List.of("docs/**"), "reason", "docs"));
            // Like commitSha and summary, releasePaths belongs to complete: another action leaves the locks alone.
            String token = kim.ok("peercode_sync_github", Map.of("action", "start", "releasePaths",
                    List.of("src/a.ts"))).getString("token");
            JsonObject completed = kim.ok("peercode_sync_github", Map.of("action", "complete", "token", token,
                    "commitSha", "abc1234", "releasePaths", List.of("src/a.ts", "docs/**")));
            assertThat(completed.getString("status")).isEqualTo("completed");
            assertThat(completed.getJsonArray("released")).containsExactly("src/a.ts");

            String locks = "/api/v1/projects/" + projectId + "/locks";
            assertThat(Agent.objects(Rest.getJson(locks).getJsonArray("locks")))
                    .extracting(l -> l.getString("path") + "@" + l.getString("holder"))
                    .containsExactlyInAnyOrder("src/b.ts@kim", "docs/**@lee");
        }
    }

    /**
     * Malformed arguments are invalid params naming the field (a missing or malformed project or session
     * also says every way to give it: argument, header, the plugin's variable); expected failures are
     * actionable tool errors.
     */
    @Test
    void malformedArgumentsAreInvalidParamsNamingTheFieldAndExpectedFailuresAreActionableToolErrors() {
        String projectId = Rest.createProject("errors");
        try (Agent agent = Agent.withArguments("carol", projectId)) {
            McpError badProject = agent.protocolError("peercode_get_project", Map.of("projectId", "project-x"));
            assertThat(badProject.code()).isEqualTo(-32602);
            assertThat(badProject.message()).contains("projectId");
            McpError noPaths = agent.protocolError("peercode_lock_file", Map.of("paths", List.of()));
            assertThat(noPaths.code()).isEqualTo(-32602);
            assertThat(noPaths.message()).contains("paths");
            McpError badAction = agent.protocolError("peercode_sync_github", Map.of("action", "push"));
            assertThat(badAction.message()).contains("action", "start, complete, abort, status");
            McpError badSession = agent.protocolError("peercode_get_deltas", Map.of("sessionId", "Bob Smith"));
            assertThat(badSession.message()).contains("sessionId");
            // Rules only the lock service knows (path normalisation) still come back as invalid params.
            McpError dotDot = agent.protocolError("peercode_lock_file", Map.of("paths", List.of("../etc/passwd")));
            assertThat(dotDot.code()).isEqualTo(-32602);
            assertThat(dotDot.message()).contains("paths[0]");

            assertThat(agent.toolError("peercode_get_project", Map.of("projectId", "proj_AAAAAAAAAAAAAAAA")))
                    .contains("proj_AAAAAAAAAAAAAAAA", "does not exist");
            assertThat(agent.toolError("peercode_update_task", Map.of("taskId", "task_AAAAAAAAAAAA", "status", "done")))
                    .contains("does not exist");
            assertThat(agent.toolError("peercode_sync_github", Map.of("action", "complete", "token", "not-it")))
                    .isNotBlank().doesNotContain("Exception");
            // A missing or malformed identity names the argument, the header and the plugin's variable.
            McpError noProject = agent.protocolError("peercode_get_project", Map.of("projectId", " "));
            assertThat(noProject.code()).isEqualTo(-32602);
            assertThat(noProject.message()).contains("'projectId'", "is required", "projectId argument",
                    "X-PeerCode-Project header", "PEERCODE_PROJECT");
            McpError noSession = agent.protocolError("peercode_lock_file", Map.of("sessionId", "",
                    "paths", List.of("a.txt")));
            assertThat(noSession.message()).contains("'sessionId'", "is required", "X-PeerCode-Session header",
                    "PEERCODE_SESSION");
            McpError spaced = agent.protocolError("peercode_get_deltas", Map.of("sessionId", "Carol Smith"));
            assertThat(spaced.message()).contains("'sessionId'", "[a-z0-9][a-z0-9_-]{0,63}",
                    "X-PeerCode-Session header", "PEERCODE_SESSION");
            assertThat(agent.toolError("peercode_get_project", Map.of("projectId", "proj_BBBBBBBBBBBBBBBB")))
                    .contains("proj_BBBBBBBBBBBBBBBB", "does not exist", "X-PeerCode-Project", "PEERCODE_PROJECT");
        }
        try (Agent fromHeaders = Agent.withHeaders("Carol Smith", projectId)) {
            McpError badHeader = fromHeaders.protocolError("peercode_get_project", Map.of());
            assertThat(badHeader.message()).contains("'sessionId'", "it came from the X-PeerCode-Session header");
        }
    }

    @Test
    void everyPlanToolWorksAndStaleVersionsAreRefused() {
        String projectId = Rest.createProject("plan tools");
        try (Agent dana = Agent.withArguments("dana", projectId)) {
            String first = dana.ok("peercode_create_phase", Map.of("name", "First")).getString("id");
            String zeroth = dana.ok("peercode_create_phase", Map.of("name", "Zeroth", "position", 0)).getString("id");
            JsonObject task = dana.ok("peercode_create_task", Map.of("phaseId", first, "title", "Write it",
                    "description", "All of it", "expectedFiles", List.of("src/a.ts")));
            String taskId = task.getString("id");
            long version = task.getLong("version");
            JsonObject moved = dana.ok("peercode_move_task", Map.of("taskId", taskId, "phaseId", zeroth));
            assertThat(moved.getString("phaseId")).isEqualTo(zeroth);
            JsonObject updated = dana.ok("peercode_update_task", Map.of("taskId", taskId, "status", "blocked",
                    "expectedVersion", moved.getLong("version")));
            assertThat(updated.getString("status")).isEqualTo("blocked");
            assertThat(dana.toolError("peercode_update_task",
                    Map.of("taskId", taskId, "status", "done", "expectedVersion", version)))
                    .contains("version").contains("retry");
            JsonObject state = dana.ok("peercode_get_project", Map.of("taskIds", List.of(taskId)));
            assertThat(Agent.objects(state.getJsonArray("phases"))).extracting(p -> p.getString("name"))
                    .containsExactly("Zeroth", "First");
            assertThat(state.getJsonArray("taskDetails").getJsonObject(0).getString("description")).isEqualTo("All of it");
            // Pushing every agent delta type; a sync abort leaves the token free.
            for (String type : List.of("discovery", "decision", "warning", "blocker", "handoff", "note")) {
                assertThat(dana.ok("peercode_push_delta", Map.of("type", type, "summary", type + " from dana"))
                        .getString("type")).isEqualTo(type);
            }
            JsonObject granted = dana.ok("peercode_sync_github", Map.of("action", "start"));
            assertThat(dana.ok("peercode_sync_github", Map.of("action", "abort", "token", granted.getString("token")))
                    .getString("status")).isEqualTo("released");
            // Owners may force-release another session's locks.
            try (Agent erin = Agent.withArguments("erin", projectId)) {
                erin.ok("peercode_lock_file", Map.of("paths", List.of("docs/**"), "reason", "rewrite"));
                JsonObject forced = dana.ok("peercode_release_lock",
                        Map.of("force", true, "holder", "erin", "reason", "erin's session crashed"));
                assertThat(forced.getJsonArray("released")).containsExactly("docs/**");
            }
        }
    }

    @Test
    void anEscalatedDebateWaitsForAPersonWhoseDecisionResolvesIt() {
        String projectId = Rest.createProject("escalation");
        try (Agent fay = Agent.withArguments("fay", projectId); Agent gus = Agent.withArguments("gus", projectId)) {
            JsonObject debate = fay.ok("peercode_start_debate", Map.of("topic", "ORM or SQL",
                    "question", "Hibernate or plain SQL for the reports?", "options", List.of("orm", "sql"),
                    "participants", List.of("gus"), "deadlineSeconds", 3600));
            assertThat(debate.getJsonArray("participants")).contains("fay", "gus");
            assertThat(Agent.objects(fay.ok("peercode_get_project", Map.of()).getJsonArray("openDebates")))
                    .extracting(d -> d.getString("id")).containsExactly(debate.getString("id"));
            JsonObject escalated = gus.ok("peercode_respond_debate", Map.of("debateId", debate.getString("id"),
                    "escalate", true, "argument", "needs the tech lead"));
            assertThat(escalated.getString("status")).isEqualTo("escalated");
            // The person decides through the REST API (the web UI's call).
            JsonObject decided = Rest.postJson("/api/v1/projects/" + projectId + "/debates/" + debate.getString("id")
                    + "/decision", new JsonObject().put("choice", "sql").put("reason", "reports are read-only"));
            assertThat(decided.getString("status")).isEqualTo("resolved");
            assertThat(decided.getString("outcome")).isEqualTo("sql");
            assertThat(decided.getString("decidedBy")).isEqualTo("local");
            McpError both = gus.protocolError("peercode_respond_debate", Map.of("debateId", debate.getString("id"),
                    "choice", "orm", "escalate", true));
            assertThat(both.message()).contains("choice");
        }
    }

    @Test
    void theLegacySseTransportServesTheSameTools() {
        String projectId = Rest.createProject("legacy sse");
        McpSseTestClient sse = McpAssured.newSseClient().setBaseUri(URI.create(Stack.gatewayUrl())).build().connect();
        try {
            AtomicReference<ToolResponse> response = new AtomicReference<>();
            sse.when().toolsCall("peercode_get_project", Map.of("projectId", projectId, "sessionId", "sam"),
                    response::set).thenAssertResults();
            assertThat(response.get().isError()).isFalse();
            assertThat(response.get().content().get(0).asText().text()).contains(projectId, "legacy sse");
        } finally {
            sse.disconnect();
        }
    }

    @Test
    void resourceTemplateAndJoinPrompt() {
        String projectId = Rest.createProject("resource");
        try (Agent agent = Agent.withArguments("carol", projectId)) {
            JsonArray templates = agent.request(agent.newRequest("resources/templates/list", new JsonObject()))
                    .getJsonArray("resourceTemplates");
            assertThat(Agent.objects(templates)).extracting(t -> t.getString("uriTemplate"))
                    .contains("peercode://projects/{projectId}");
            JsonObject read = agent.request(agent.newRequest("resources/read",
                    new JsonObject().put("uri", "peercode://projects/" + projectId)));
            JsonObject contents = read.getJsonArray("contents").getJsonObject(0);
            assertThat(new JsonObject(contents.getString("text")).getJsonObject("project").getString("id"))
                    .isEqualTo(projectId);
            JsonObject prompt = agent.request(agent.newRequest("prompts/get", new JsonObject()
                    .put("name", "peercode_join_project")
                    .put("arguments", new JsonObject().put("projectId", projectId).put("sessionId", "carol"))));
            String text = prompt.getJsonArray("messages").getJsonObject(0).getJsonObject("content").getString("text");
            assertThat(text).contains(projectId, "carol", "peercode_get_project", "peercode_lock_file",
                    "peercode_sync_github");
        }
    }

    /** Measures what a model pays for peercode_get_project on a 200-task project. */
    @Test
    void getProjectStaysCompactWithTwoHundredTasks() throws Exception {
        String projectId = Rest.createProject("two hundred tasks");
        List<String> phases = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            phases.add(Rest.createPhase(projectId, "Phase " + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> created = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String phase = phases.get(i % 5);
            String title = "Implement feature number " + i + " of the application";
            created.add(pool.submit(() -> Rest.createTask(projectId, phase, title)));
        }
        for (Future<String> f : created) {
            f.get();
        }
        pool.shutdown();
        try (Agent agent = Agent.withArguments("carol", projectId)) {
            long[] millis = new long[5];
            JsonObject result = null;
            for (int i = 0; i < millis.length; i++) {
                long start = System.nanoTime();
                result = agent.call("peercode_get_project", Map.of());
                millis[i] = (System.nanoTime() - start) / 1_000_000;
            }
            int structuredBytes = result.getJsonObject("structuredContent").encode()
                    .getBytes(StandardCharsets.UTF_8).length;
            int textBytes = Agent.text(result).getBytes(StandardCharsets.UTF_8).length;
            JsonObject tasks = result.getJsonObject("structuredContent").getJsonObject("tasks");
            System.out.printf("[measure] peercode_get_project, 200 tasks: structuredContent %d bytes, text %d bytes, "
                    + "%d tasks listed of %d; latencies ms %s%n", structuredBytes, textBytes,
                    tasks.getJsonArray("items").size(), tasks.getInteger("total"), java.util.Arrays.toString(millis));
            assertThat(tasks.getInteger("total")).isEqualTo(200);
            assertThat(Agent.objects(tasks.getJsonArray("items"))).allSatisfy(t -> {
                assertThat(t.getString("phaseId")).startsWith("phase_");
                assertThat(t.getLong("v")).isNotNull();
                assertThat(t.containsKey("description")).isFalse();
            });
            assertThat(tasks.getInteger("nextOffset")).isEqualTo(40);
            assertThat(structuredBytes).isLessThan(12_000);
            assertThat(new JsonObject(Agent.text(result))).as("the same JSON as text, for clients that read only content")
                    .isEqualTo(result.getJsonObject("structuredContent"));
            JsonObject next = agent.ok("peercode_get_project", Map.of("taskOffset", 40, "taskLimit", 200));
            assertThat(next.getJsonObject("tasks").getJsonArray("items")).hasSize(160);
        }
    }
}
