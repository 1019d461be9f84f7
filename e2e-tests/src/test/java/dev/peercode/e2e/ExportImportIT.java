package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/**
 * History you can take away, through the gateway as a script would use it: a project worked on by agents
 * (tasks claimed, a file locked — its delta comes through the lock service's event stream —, a debate, a
 * replan, notes) is exported from {@code GET /api/v1/projects/{id}/export}, imported with
 * {@code POST /api/v1/projects/import} as a new project, and its export, ids aside, equals the original line
 * by line: the plan and every delta, seq gapless from 1. A broken file is refused naming the line and field.
 */
class ExportImportIT {

    private static final String JSON_LINES = "application/x-ndjson";

    @Test
    void anExportImportedAsANewProjectHasTheSamePlanAndEveryDelta() {
        String projectId = Rest.createProject("take-away");
        String base = "/api/v1/projects/" + projectId;
        try (Agent alice = Agent.withArguments("alice", projectId); Agent bob = Agent.withArguments("bob", projectId)) {
            String phase = alice.ok("peercode_create_phase", Map.of("name", "Build")).getString("id");
            String api = alice.ok("peercode_create_task", Map.of("phaseId", phase, "title", "API",
                    "expectedFiles", List.of("src/api.ts"))).getString("id");
            alice.ok("peercode_create_task", Map.of("phaseId", phase, "title", "UI", "dependsOn", List.of(api)));
            alice.ok("peercode_update_task", Map.of("taskId", api, "status", "in_progress", "assignee", "alice"));
            alice.ok("peercode_lock_file", Map.of("paths", List.of("src/api.ts"), "reason", "API", "taskId", api));
            bob.ok("peercode_push_delta", Map.of("type", "discovery", "summary", "paging needed in " + api,
                    "taskIds", List.of(api)));
            bob.ok("peercode_start_debate", Map.of("topic", "paging", "question", "cursor or offset?",
                    "options", List.of("cursor", "offset"), "participants", List.of("alice")));
        }
        // The lock's delta arrives through the event stream: export once it is in the log.
        await().atMost(Duration.ofSeconds(30)).until(() -> Rest.get(base + "/deltas?session=observer&after=0&limit=200")
                .body().contains("lock.acquired"));

        HttpResponse<String> exported = Rest.get(base + "/export");
        assertThat(exported.statusCode()).as(exported.body()).isEqualTo(200);
        assertThat(exported.headers().firstValue("Content-Type")).get().asString().startsWith(JSON_LINES);
        assertThat(exported.headers().firstValue("Content-Disposition")).get().asString()
                .contains("peercode-" + projectId + ".jsonl");
        List<JsonObject> lines = lines(exported.body());
        long lastSeq = lines.get(0).getJsonObject("project").getLong("lastSeq");
        List<Long> seqs = lines.stream().filter(l -> "delta".equals(l.getString("kind"))).map(l -> l.getLong("seq"))
                .toList();
        assertThat(seqs).hasSize((int) lastSeq);
        for (int i = 0; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(i + 1L);
        }
        assertThat(lines).extracting(l -> l.getString("type")).contains("lock.acquired", "debate.started", "discovery");

        HttpResponse<String> imported = importFile(exported.body());
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        String copy = new JsonObject(imported.body()).getString("id");
        assertThat(copy).isNotEqualTo(projectId);
        assertThat(imported.headers().firstValue("Location")).get().asString().endsWith("/api/v1/projects/" + copy);

        List<JsonObject> again = lines(Rest.get("/api/v1/projects/" + copy + "/export").body());
        assertThat(again).hasSameSizeAs(lines);
        Map<String, String> back = new HashMap<>();
        back.put(copy, projectId);
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).containsKey("id")) {
                back.put(again.get(i).getString("id"), lines.get(i).getString("id"));
            }
        }
        for (int i = 1; i < lines.size(); i++) {
            String renamed = again.get(i).encode();
            for (Map.Entry<String, String> e : back.entrySet()) {
                renamed = renamed.replace(e.getKey(), e.getValue());
            }
            assertThat(new JsonObject(renamed)).as("line %d", i + 1).isEqualTo(lines.get(i));
        }
        // The new project is an ordinary one: its state reads, its board has the tasks.
        assertThat(Rest.getJson("/api/v1/projects/" + copy).encode()).contains("\"API\"", "\"UI\"");
    }

    @Test
    void aBrokenFileIsRefusedNamingTheLineAndTheFieldAndCreatesNothing() {
        String projectId = Rest.createProject("broken");
        List<JsonObject> lines = lines(Rest.get("/api/v1/projects/" + projectId + "/export").body());
        int before = Rest.send(HttpRequest.newBuilder(URI.create(Stack.gatewayUrl() + "/api/v1/projects")).GET().build())
                .body().split("\"id\"").length;
        List<JsonObject> broken = new ArrayList<>(lines);
        broken.set(0, lines.get(0).copy().put("format", "something-else"));
        HttpResponse<String> refused = importFile(String.join("\n", broken.stream().map(JsonObject::encode).toList()));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
        JsonObject problem = new JsonObject(refused.body());
        assertThat(problem.getInteger("line")).isEqualTo(1);
        assertThat(problem.getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("format");
        assertThat(problem.getString("detail")).startsWith("line 1: format");
        int after = Rest.send(HttpRequest.newBuilder(URI.create(Stack.gatewayUrl() + "/api/v1/projects")).GET().build())
                .body().split("\"id\"").length;
        assertThat(after).isEqualTo(before);
    }

    private static HttpResponse<String> importFile(String body) {
        return Rest.send(HttpRequest.newBuilder(URI.create(Stack.gatewayUrl() + "/api/v1/projects/import"))
                .header("Content-Type", JSON_LINES).POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static List<JsonObject> lines(String text) {
        return text.lines().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
    }
}
