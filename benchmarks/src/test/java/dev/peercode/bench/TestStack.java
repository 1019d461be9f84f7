package dev.peercode.bench;

import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.peercode.launcher.LocalStack;
import dev.peercode.launcher.TemporaryStack;

/**
 * One stack per test JVM (embedded PostgreSQL with a persistent data directory so it can be
 * restarted, Redis, the three packaged services), shared by the reliability tests; each test works
 * in projects of its own. The fault tests stop and start parts of it and leave it whole.
 */
final class TestStack {

    static final HttpClient HTTP = McpClient.newHttp();
    private static LocalStack stack;

    private TestStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            stack = TemporaryStack.startLocal("reliability").stack();
        }
        return stack;
    }

    static String gateway() {
        return get().gatewayUrl();
    }

    static McpClient agent() {
        return McpClient.connect(HTTP, gateway());
    }

    static Backends rest() {
        return new Backends(HTTP, Optional.ofNullable(get().storeEnvironment().get("PEERCODE_INTERNAL_TOKEN")));
    }

    static String createProject(String name) {
        return rest().post(gateway() + "/api/v1/projects?session=setup", Map.of("name", name), false).ok().json()
                .path("id").asText();
    }

    static String createPhase(String project) {
        return rest().post(gateway() + "/api/v1/projects/" + project + "/phases?session=setup", Map.of("name", "Work"),
                false).ok().json().path("id").asText();
    }

    static String createTask(String project, String phase, String title) {
        return rest().post(gateway() + "/api/v1/projects/" + project + "/tasks?session=setup",
                Map.of("phaseId", phase, "title", title), false).ok().json().path("id").asText();
    }

    /** Every delta of a project, in order, read with explicit cursors (includes own, all types). */
    static List<JsonNode> allDeltas(McpClient reader, String project) {
        List<JsonNode> all = new java.util.ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode r = reader.call("peercode_get_deltas", Map.of("projectId", project, "sessionId", "auditor", "after",
                    after, "limit", 200, "includeOwn", true)).path("structuredContent");
            r.path("deltas").forEach(all::add);
            after = r.path("nextCursor").asLong(after);
            if (!r.path("hasMore").asBoolean(false)) {
                return all;
            }
        }
    }

    static boolean isError(JsonNode result) {
        return result.path("isError").asBoolean(false);
    }

    static String text(JsonNode result) {
        return result.path("content").path(0).path("text").asText();
    }

    static boolean soak() {
        return Boolean.getBoolean("reliability.soak");
    }
}
