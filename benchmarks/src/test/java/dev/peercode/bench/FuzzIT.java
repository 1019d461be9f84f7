package dev.peercode.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A seeded fuzz run of malformed JSON-RPC and tool arguments against {@code /mcp}. Every answer must
 * be a clean error: an HTTP status below 500, then a JSON-RPC error or a tool result with
 * {@code isError}, never a stack trace or exception text, never a hang (30 s client timeout), and
 * the project's data must be unchanged afterwards. The seed is printed; {@code -Dfuzz.seed=} replays.
 */
@Order(2)
class FuzzIT {

    private static final String HUGE = "x".repeat(200_000);

    @Test
    void everyMalformedRequestGetsACleanErrorAndTheDataStaysIntact() {
        long seed = Long.getLong("fuzz.seed", System.currentTimeMillis());
        System.out.println("FuzzIT seed " + seed);
        Random random = new Random(seed);
        String project = TestStack.createProject("fuzz-target");
        String phase = TestStack.createPhase(project);
        String task = TestStack.createTask(project, phase, "Stays as it is");
        McpClient mcp = TestStack.agent();
        JsonNode before = state(mcp, project);

        int cases = TestStack.soak() ? 5000 : 400;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < cases; i++) {
            String body = random.nextInt(4) == 0 ? malformedMessage(random, i) : toolCall(random, i, project, phase, task);
            McpClient.Reply reply;
            try {
                reply = mcp.post(body);
            } catch (RuntimeException e) {
                failures.add("#" + i + " no answer (" + e.getMessage() + ") to " + abbreviate(body));
                continue;
            }
            String problem = judge(reply, body);
            if (problem != null) {
                failures.add("#" + i + " " + problem + " for " + abbreviate(body) + " → " + abbreviate(reply.body()));
            }
        }
        assertThat(failures).as("seed %d", seed).isEmpty();
        System.out.println("FuzzIT: " + cases + " cases, every answer a clean error");

        JsonNode after = state(mcp, project);
        assertThat(after.path("lastSeq")).isEqualTo(before.path("lastSeq"));
        assertThat(after.path("tasks")).isEqualTo(before.path("tasks"));
        assertThat(after.path("locks")).isEqualTo(before.path("locks"));
        assertThat(after.path("pushToken")).isEqualTo(before.path("pushToken"));
    }

    private static JsonNode state(McpClient mcp, String project) {
        return mcp.call("peercode_get_project", Map.of("projectId", project, "sessionId", "auditor"))
                .path("structuredContent");
    }

    /** null when the answer is a clean error, else what is wrong with it. */
    private static String judge(McpClient.Reply reply, String request) {
        if (reply.status() >= 500) {
            return "HTTP " + reply.status();
        }
        String body = reply.body();
        if (body.contains("Exception") || body.contains("\tat ") || body.matches("(?s).*\\bat [a-z]+\\.[a-z]+\\..*\\(.*")) {
            return "exception text";
        }
        if (reply.status() >= 400) {
            return null; // refused at the HTTP level (e.g. a body that is not JSON at all): clean
        }
        if (body.isBlank()) {
            return request.contains("\"id\"") ? "empty answer to a request" : null;
        }
        JsonNode answer;
        try {
            answer = McpClient.parse(reply);
        } catch (RuntimeException e) {
            return "answer is not JSON";
        }
        if (answer.has("error")) {
            return answer.path("error").path("code").isInt() ? null : "error without a code";
        }
        if (answer.path("result").path("isError").asBoolean(false)) {
            return null;
        }
        return "accepted";
    }

    private static String malformedMessage(Random random, int i) {
        return switch (random.nextInt(12)) {
            case 0 -> "";
            case 1 -> "{";
            case 2 -> "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\",\"params\":{\"name\":";
            case 3 -> "[" + "[".repeat(random.nextInt(5000)) + "]";
            case 4 -> "{\"jsonrpc\":\"2.0\",\"id\":" + i + "}";
            case 5 -> "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":42}";
            case 6 -> "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"no/such/method\"}";
            case 7 -> "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\"}";
            case 8 -> "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\",\"params\":\"nope\"}";
            case 9 -> "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\",\"params\":{\"name\":\"peercode_"
                    + randomWord(random) + "\",\"arguments\":{}}}";
            case 10 -> "\u0000\u00ff garbage " + random.nextLong();
            default ->
                "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"tools/call\",\"params\":{\"name\":\"peercode_lock_file\","
                        + "\"arguments\":[1,2,3]}}";
        };
    }

    /** A tool call with exactly one argument broken so that it cannot be valid. */
    private static String toolCall(Random random, int i, String project, String phase, String task) {
        String tool;
        Map<String, Object> args = new HashMap<>(Map.of("projectId", project, "sessionId", "fuzzer"));
        Object[][] breaks;
        switch (random.nextInt(7)) {
            case 0 -> {
                tool = "peercode_lock_file";
                args.put("paths", List.of("src/fuzz.ts"));
                breaks = new Object[][] { { "paths", "src/fuzz.ts" }, { "paths", List.of() },
                        { "paths", List.of("../etc/passwd") },
                        { "paths", List.of("/abs/path") }, { "paths", List.of(HUGE) }, { "paths", List.of(List.of("a")) },
                        { "ttlSeconds", 5 }, { "ttlSeconds", 99_999_999 }, { "ttlSeconds", "soon" }, { "taskId", "nope" } };
            }
            case 1 -> {
                tool = "peercode_push_delta";
                args.put("type", "note");
                args.put("summary", "fuzz");
                breaks = new Object[][] { { "type", "explosion" }, { "type", 42 }, { "summary", HUGE }, { "summary", "" },
                        { "data", "not an object" }, { "taskIds", List.of("nope") }, { "paths", List.of("a//b") },
                        { "paths", List.of("../up") }, { "paths", List.of("/abs") } };
            }
            case 2 -> {
                tool = "peercode_create_task";
                args.put("phaseId", phase);
                args.put("title", "fuzz");
                breaks = new Object[][] { { "title", HUGE }, { "title", "" }, { "priority", 99 }, { "priority", "high" },
                        { "phaseId", "nope" }, { "dependsOn", List.of("nope") }, { "expectedFiles", "one" } };
            }
            case 3 -> {
                tool = "peercode_update_task";
                args.put("taskId", task);
                args.put("status", "done");
                breaks = new Object[][] { { "taskId", "nope" }, { "status", "exploded" }, { "claim", "maybe" },
                        { "expectedVersion", -3 }, { "priority", -1 }, { "title", HUGE } };
            }
            case 4 -> {
                tool = "peercode_get_deltas";
                breaks = new Object[][] { { "after", "yesterday" }, { "limit", 0 }, { "limit", 100_000 },
                        { "waitSeconds", 999 },
                        { "types", "note" }, { "types", List.of(HUGE) } };
            }
            case 5 -> {
                tool = "peercode_sync_github";
                args.put("action", "status");
                breaks = new Object[][] { { "action", "explode" }, { "action", 7 }, { "action", "" } };
            }
            default -> {
                tool = "peercode_release_lock";
                breaks = new Object[][] { { "paths", "all" }, { "force", "yes" }, { "holder", "x" },
                        { "paths", List.of(HUGE) } };
            }
        }
        // Either a broken argument of the tool, or a broken identity on an otherwise valid call.
        switch (random.nextInt(5)) {
            case 0 -> args.put("projectId", random.nextBoolean() ? "proj_doesnotexist00" : "not a project");
            case 1 -> args.put("sessionId", random.nextBoolean() ? "Bad Session!" : HUGE.substring(0, 100));
            default -> {
                Object[] broken = breaks[random.nextInt(breaks.length)];
                args.put((String) broken[0], broken[1]);
            }
        }
        if (tool.equals("peercode_update_task") && args.get("status").equals("done") && !args.containsKey("claim")
                && args.get("taskId").equals(task) && args.get("projectId").equals(project)
                && args.get("sessionId").equals("fuzzer") && args.size() == 4) {
            args.put("status", "exploded"); // never the valid base call
        }
        if (tool.equals("peercode_get_deltas") && args.size() == 2) {
            args.put("limit", -1);
        }
        Map<String, Object> message = Map.of("jsonrpc", "2.0", "id", i, "method", "tools/call", "params",
                Map.of("name", tool, "arguments", args));
        try {
            return McpClient.JSON.writeValueAsString(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomWord(Random random) {
        StringBuilder word = new StringBuilder();
        for (int n = 0; n < 1 + random.nextInt(12); n++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…(" + text.length() + " chars)";
    }
}
