package dev.peercode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/**
 * Hostile input against the whole stack: oversized and deeply nested bodies, path traversal in lock
 * paths, SQL-looking text; afterwards the project's data is intact (tasks readable, deltas gapless). And
 * the internal services, reachable on their own ports, answer nobody but the gateway.
 */
class AbuseIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String SQL = "'; drop table task; --";

    @Test
    void hostileInputIsRefusedCleanlyOrStoredVerbatimAndTheDataStaysIntact() throws Exception {
        String projectId = Rest.createProject("abuse");
        String phaseId = Rest.createPhase(projectId, "one");
        String base = "/api/v1/projects/" + projectId;
        String before = Rest.createTask(projectId, phaseId, "written before the abuse");

        // (Oversized bodies, 413, are covered by the gateway's EdgeSecurityTest: the JDK client cannot
        // reliably read an answer the server sends before it has taken the whole body.)
        // Deeply nested JSON: 400 problem+json naming the body.
        String nested = "{\"phaseId\":\"" + phaseId + "\",\"title\":\"t\",\"extra\":" + "[".repeat(500) + "]".repeat(500)
                + "}";
        HttpResponse<String> deep = send("POST", Stack.gatewayUrl() + base + "/tasks?session=setup", null, nested);
        assertThat(deep.statusCode()).as(deep.body()).isEqualTo(400);
        assertThat(deep.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));

        try (Agent mallory = Agent.withArguments("mallory", projectId)) {
            // Path traversal and friends: refused, naming the field and the rule; nothing locked.
            Map<String, String> rules = Map.of("../etc/passwd", "..", "/etc/passwd", "repository-relative",
                    "a/./b", "'.'", "src/\u0000app.ts", "NUL", "src/\u0007app.ts", "control");
            for (Map.Entry<String, String> rule : rules.entrySet()) {
                String refusal = refusal(mallory.call("peercode_lock_file", Map.of("paths", List.of(rule.getKey()))));
                assertThat(refusal).as(rule.getKey()).contains("paths[0]", rule.getValue())
                        .doesNotContain("Exception", "at dev.");
            }
            assertThat(Rest.getJson(base + "/locks?session=mallory").getJsonArray("locks")).isEmpty();

            // SQL-looking text is data: stored and read back verbatim.
            String taskId = Rest.createTask(projectId, phaseId, SQL);
            assertThat(Rest.getJson(base + "/tasks/" + taskId + "?session=mallory").getString("title")).isEqualTo(SQL);
            mallory.ok("peercode_push_delta", Map.of("type", "warning", "summary", SQL));
        }

        // The project is intact: both tasks are there, the delta log has no gaps and holds the text verbatim.
        JsonObject first = Rest.getJson(base + "/tasks/" + before + "?session=auditor");
        assertThat(first.getString("title")).isEqualTo("written before the abuse");
        JsonObject page = Rest.getJson(base + "/deltas?session=auditor&after=0&limit=200&waitSeconds=0");
        List<JsonObject> deltas = Agent.objects(page.getJsonArray("deltas"));
        assertThat(deltas).isNotEmpty();
        for (int i = 1; i < deltas.size(); i++) {
            assertThat(deltas.get(i).getLong("seq")).isEqualTo(deltas.get(i - 1).getLong("seq") + 1);
        }
        assertThat(deltas.stream().map(d -> d.getString("summary"))).contains(SQL);
    }

    @Test
    void theInternalServicesAnswerOnlyTheGatewaysCredential() throws Exception {
        for (String service : List.of(Stack.plannerUrl(), Stack.lockUrl())) {
            String url = service + "/v1/projects/proj_AAAAAAAAAAAAAAAA/presence";
            for (String authorization : new String[] { null, "Bearer not-the-internal-token",
                    "Bearer pct_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }) {
                HttpResponse<String> r = send("GET", url, authorization, null);
                assertThat(r.statusCode()).as("%s with %s", url, authorization).isEqualTo(401);
                assertThat(new JsonObject(r.body()).getString("type")).isEqualTo("https://peercode.dev/problems/unauthorized");
            }
            assertThat(send("GET", service + "/q/health/ready", null, null).statusCode()).isEqualTo(200);
        }
        // Through the gateway, which holds the credential, the same data is reachable.
        String projectId = Rest.createProject("credential");
        assertThat(Rest.get("/api/v1/projects/" + projectId).statusCode()).isEqualTo(200);
    }

    /** The message of a refused tool call: a JSON-RPC error or a tool error. */
    private static String refusal(JsonObject response) {
        if (response.containsKey("error")) {
            return response.getJsonObject("error").getString("message");
        }
        assertThat(response.getBoolean("isError", false)).as("should be refused: %s", response).isTrue();
        return Agent.text(response);
    }

    private static HttpResponse<String> send(String method, String url, String authorization, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
