package dev.peercode.planner.transfer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.peercode.planner.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Export and import on the planner: a project with phases, dependent tasks, a debate with answers, a plan
 * revision and many deltas goes out as JSON Lines and comes back as a new project whose export, ids aside,
 * is the same line for line; broken files are refused naming the line and the field, and leave nothing.
 */
@QuarkusTest
class TransferResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anExportImportedAsANewProjectReproducesThePlanAndEveryDelta() throws Exception {
        String p = Fixtures.project("olivia");
        String design = Fixtures.phase(p, "Design");
        String build = Fixtures.phase(p, "Build");
        String api = Fixtures.task(p, design, "API sketch", List.of());
        String ui = Fixtures.task(p, build, "UI", List.of(api));
        given().contentType(ContentType.JSON).body(Map.of("actor", "alice"))
                .post("/v1/projects/{p}/tasks/{t}/claim", p, api).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("actor", "alice", "type", "discovery",
                "summary", "the API of " + api + " needs paging", "data", Map.of("taskId", api, "n", 3),
                "taskIds", List.of(api), "paths", List.of("src/api.ts")))
                .post("/v1/projects/{p}/deltas", p).then().statusCode(201);
        String debate = given().contentType(ContentType.JSON).body(Map.of("actor", "alice", "topic", "paging",
                "question", "cursor or offset?", "options", List.of("cursor", "offset"),
                "participants", List.of("alice", "bob"), "taskIds", List.of(ui)))
                .post("/v1/projects/{p}/debates", p).then().statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON).body(Map.of("actor", "bob", "choice", "cursor", "argument", "stable"))
                .post("/v1/projects/{p}/debates/{d}/responses", p, debate).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("actor", "bob", "reason", "split", "operations", List.of(
                Map.of("op", "create_task", "phaseId", build, "title", "UI tests", "dependsOn", ui))))
                .post("/v1/projects/{p}/replan/revisions", p).then().statusCode(201);
        for (int i = 0; i < 30; i++) {
            given().contentType(ContentType.JSON).body(Map.of("actor", "bob", "type", "note", "summary", "note " + i))
                    .post("/v1/projects/{p}/deltas", p).then().statusCode(201);
        }

        String exported = export(p);
        List<JsonNode> lines = lines(exported);
        assertThat(lines.get(0).path("kind").asText()).isEqualTo("header");
        assertThat(lines.get(0).path("format").asText()).isEqualTo("peercode-export");
        assertThat(lines.get(0).path("version").asInt()).isEqualTo(1);
        assertThat(lines.get(0).path("project").path("id").asText()).isEqualTo(p);
        List<Long> seqs = lines.stream().filter(l -> l.path("kind").asText().equals("delta"))
                .map(l -> l.path("seq").asLong()).toList();
        long lastSeq = Fixtures.lastSeq(p);
        assertThat(seqs).hasSize((int) lastSeq).first().isEqualTo(1L);
        for (int i = 0; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isEqualTo(i + 1L);
        }
        assertThat(lines).extracting(l -> l.path("kind").asText()).containsSubsequence("header", "phase", "task",
                "debate", "revision", "delta");

        String copy = given().contentType("application/x-ndjson").body(exported.getBytes(StandardCharsets.UTF_8))
                .queryParam("ownerSubject", "ivan")
                .post("/v1/projects/import").then().statusCode(201)
                .body("ownerSubject", equalTo("ivan")).body("lastSeq", equalTo((int) lastSeq))
                .extract().path("id");
        assertThat(copy).isNotEqualTo(p);
        given().queryParam("memberSubject", "ivan").get("/v1/projects").then().body("id", org.hamcrest.Matchers.hasItem(copy));

        List<JsonNode> again = lines(export(copy));
        assertThat(again).hasSameSizeAs(lines);
        Map<String, String> back = idsBack(lines, again);
        assertThat(back).containsEntry(copy, p).hasSize(1 + 2 + 3 + 1 + 1);
        for (int i = 1; i < lines.size(); i++) {
            assertThat(JSON.readTree(rename(again.get(i).toString(), back))).as("line %d", i + 1).isEqualTo(lines.get(i));
        }
        // The imported project is live: the next delta continues the log.
        given().contentType(ContentType.JSON).body(Map.of("actor", "ivan", "type", "note", "summary", "after import"))
                .post("/v1/projects/{p}/deltas", copy).then().statusCode(201).body("seq", equalTo((int) lastSeq + 1));
        // The export of the same project twice is the same (a second import of it gets other ids).
        given().contentType("application/x-ndjson").body(exported.getBytes(StandardCharsets.UTF_8))
                .queryParam("ownerSubject", "ivan")
                .post("/v1/projects/import").then().statusCode(201);
    }

    @Test
    void anInvalidFileIsRefusedNamingTheLineAndFieldAndLeavesNothing() throws Exception {
        String p = Fixtures.project("olivia");
        String ph = Fixtures.phase(p, "A");
        Fixtures.task(p, ph, "t", List.of());
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON).body(Map.of("actor", "bob", "type", "note", "summary", "n" + i))
                    .post("/v1/projects/{p}/deltas", p).then().statusCode(201);
        }
        List<JsonNode> lines = lines(export(p));
        int lastLine = lines.size();

        // A hole in the log.
        List<JsonNode> gap = new ArrayList<>(lines);
        gap.remove(lastLine - 2);
        refused(gap, lastLine - 1, "seq", "must be " + (lines.get(lastLine - 2).path("seq").asLong()));
        // A missing end.
        refused(lines.subList(0, lastLine - 1), lastLine - 1, "seq", "the file is incomplete");
        // A field breaking a rule of the API.
        List<JsonNode> longTitle = new ArrayList<>(lines);
        int taskLine = indexOf(lines, "task");
        longTitle.set(taskLine, ((ObjectNode) lines.get(taskLine).deepCopy()).put("title", "x".repeat(201)));
        refused(longTitle, taskLine + 1, "title", "size must be between");
        // An unknown field, a wrong type, a bad status.
        longTitle.set(taskLine, ((ObjectNode) lines.get(taskLine).deepCopy()).put("colour", "red"));
        refused(longTitle, taskLine + 1, "colour", "is missing, unknown or of the wrong type");
        longTitle.set(taskLine, ((ObjectNode) lines.get(taskLine).deepCopy()).put("status", "finished"));
        refused(longTitle, taskLine + 1, "status", "must match");
        // Sections out of order, and a task in a phase the file does not define.
        List<JsonNode> order = new ArrayList<>(lines);
        order.add(1, lines.get(taskLine));
        refused(order, 2, "phaseId", "is not defined");
        // Not JSON at all.
        given().contentType("application/x-ndjson").body((lines.get(0) + "\n{nope\n").getBytes(StandardCharsets.UTF_8))
                .queryParam("ownerSubject", "mallory")
                .post("/v1/projects/import").then().statusCode(400).body("line", equalTo(2))
                .body("errors[0].field", equalTo("line"));
        // Other format versions.
        refused(List.of(((ObjectNode) lines.get(0).deepCopy()).put("version", 2)), 1, "version", "must be less than");

        given().queryParam("memberSubject", "mallory").get("/v1/projects").then().body("size()", equalTo(0));
    }

    private static void refused(List<JsonNode> lines, int line, String field, String message) {
        StringBuilder body = new StringBuilder();
        lines.forEach(l -> body.append(l).append('\n'));
        given().contentType("application/x-ndjson").body(body.toString().getBytes(StandardCharsets.UTF_8))
                .queryParam("ownerSubject", "mallory")
                .post("/v1/projects/import").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://peercode.dev/problems/validation"))
                .body("line", equalTo(line)).body("errors[0].field", equalTo(field))
                .body("errors[0].message", org.hamcrest.Matchers.containsString(message));
    }

    private static int indexOf(List<JsonNode> lines, String kind) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).path("kind").asText().equals(kind)) {
                return i;
            }
        }
        throw new AssertionError("no " + kind + " line");
    }

    private static String export(String projectId) {
        return given().get("/v1/projects/{p}/export", projectId).then().statusCode(200)
                .contentType("application/x-ndjson").extract().asString();
    }

    private static List<JsonNode> lines(String text) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    /** New id to old id, from the id fields of matching lines. */
    private static Map<String, String> idsBack(List<JsonNode> before, List<JsonNode> after) {
        Map<String, String> back = new HashMap<>();
        back.put(after.get(0).path("project").path("id").asText(), before.get(0).path("project").path("id").asText());
        for (int i = 1; i < before.size(); i++) {
            if (before.get(i).has("id")) {
                back.put(after.get(i).path("id").asText(), before.get(i).path("id").asText());
            }
        }
        return back;
    }

    private static String rename(String text, Map<String, String> back) {
        String renamed = text;
        for (Map.Entry<String, String> e : back.entrySet()) {
            renamed = renamed.replace(e.getKey(), e.getValue());
        }
        return renamed;
    }
}
